using System.Text;

namespace CoToSweep.Actors.Runners.Processes;

/// <summary>
/// Copies a child's output stream to a log file as it arrives (flushed after every read, so a runner killed with
/// SIGKILL leaves everything the trial printed) and hands each complete line to a callback.
/// </summary>
public static class OutputPump
{
    /// <summary>Longer lines are still logged, but not handed to the callback (binary junk, runaway output).</summary>
    public const int MaxLineBytes = 1 << 20;

    public static async Task RunAsync(Stream source, Stream log, Action<string>? onLine, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var line = new LineBuffer(onLine);
        while (true)
        {
            var n = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            await log.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            await log.FlushAsync(cancellationToken).ConfigureAwait(false);
            line.Push(buffer.AsSpan(0, n));
        }
        line.Finish();
    }

    private sealed class LineBuffer(Action<string>? onLine)
    {
        private readonly MemoryStream _pending = new();
        private bool _overlong;

        public void Push(ReadOnlySpan<byte> data)
        {
            if (onLine is null) return;
            while (!data.IsEmpty)
            {
                var nl = data.IndexOf((byte)'\n');
                var part = nl < 0 ? data : data[..nl];
                if (!_overlong)
                {
                    if (_pending.Length + part.Length > MaxLineBytes) { _overlong = true; _pending.SetLength(0); }
                    else _pending.Write(part);
                }
                if (nl < 0) return;
                Emit();
                data = data[(nl + 1)..];
            }
        }

        public void Finish()
        {
            if (onLine is not null && (_pending.Length > 0 || _overlong)) Emit();
        }

        private void Emit()
        {
            if (!_overlong)
            {
                var text = Encoding.UTF8.GetString(_pending.GetBuffer(), 0, (int)_pending.Length);
                onLine!(text.EndsWith('\r') ? text[..^1] : text);
            }
            _pending.SetLength(0);
            _overlong = false;
        }
    }
}
