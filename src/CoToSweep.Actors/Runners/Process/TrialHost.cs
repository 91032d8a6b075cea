using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace CoToSweep.Actors.Runners.Processes;

/// <summary>How one attempt in a <see cref="TrialHost"/> ended: the host's exit code for it and, when it failed, why.</summary>
public sealed record TrialHostEnd(int Exit, string? Reason);

/// <summary>The host process ended while an attempt ran in it (a native crash, a kill from outside).</summary>
public sealed class TrialHostDiedException(string message) : Exception(message);

/// <summary>
/// One long-lived <c>cotosweep trial-host … --serve</c> process under <see cref="TrialSupervisor"/> (it dies with this
/// process): attempts are sent one at a time as an assignment path on its stdin; what it prints during an attempt goes
/// to that attempt's <c>stdout.log</c>/<c>stderr.log</c> and stdout's lines to the caller; the attempt ends with the
/// host's <see cref="EndPrefix"/> line. Not thread-safe: one attempt at a time (a slot's).
/// </summary>
public sealed class TrialHost : IDisposable
{
    public const string EndPrefix = "cotosweep-host ";

    private readonly Process _process;
    private readonly Task _exited;
    private readonly Lock _lock = new();
    private Attempt? _current;

    private TrialHost(Process process)
    {
        _process = process;
        _exited = process.WaitForExitAsync();
        _ = PumpAsync(process.StandardOutput, stdout: true);
        _ = PumpAsync(process.StandardError, stdout: false);
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static async Task<TrialHost> StartAsync(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = TrialSupervisor.ForHost().StartInfo(argv);
        if (environment is not null)
            foreach (var (k, v) in environment) info.Environment[k] = v;
        info.StandardOutputEncoding = Encoding.UTF8;
        info.StandardErrorEncoding = Encoding.UTF8;
        return new TrialHost(await ProcessSpawner.Shared.StartAsync(info).ConfigureAwait(false));
    }

    /// <summary>
    /// Runs one attempt. Cancellation kills the host (the caller starts a new one for the next attempt); throws
    /// <see cref="TrialHostDiedException"/> when the host dies during the attempt.
    /// </summary>
    public async Task<TrialHostEnd> RunAsync(string assignmentFile, Stream stdoutLog, Stream stderrLog, Action<string> onStdoutLine,
        CancellationToken cancellationToken)
    {
        var attempt = new Attempt(stdoutLog, stderrLog, onStdoutLine);
        lock (_lock) _current = attempt;
        try
        {
            await _process.StandardInput.WriteLineAsync(assignmentFile.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) { }   // the host is gone: reported below
        var finished = await Task.WhenAny(attempt.Ended.Task, _exited, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        lock (_lock) _current = null;
        if (finished == attempt.Ended.Task) return attempt.Ended.Task.Result;
        if (cancellationToken.IsCancellationRequested)
        {
            Kill();
            // SIGKILL returns before the process is gone: wait (a few seconds at most) until it is, so that a cancelled
            // trial's host never overlaps the next trial's (a GPU's memory is only freed then). A fresh-clone run caught it alive.
            await Task.WhenAny(_exited, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
            throw new OperationCanceledException(cancellationToken);
        }
        // What the host left in its group dies with it: a supervisor killed on its own (SIGKILL skips its trap) would
        // leave the training process orphaned, burning a core until its trial ends.
        ProcessTreeKiller.KillGroup(_process.Id);
        var code = _process.ExitCode;
        throw new TrialHostDiedException(code > 128 ? $"the trial host was killed by signal {code - 128}" : $"the trial host exited with code {code}");
    }

    public void Kill()
    {
        ProcessTreeKiller.Kill(_process);
        ProcessTreeKiller.KillGroup(_process.Id);
    }

    /// <summary>Closing stdin ends the host; a host that does not leave is killed.</summary>
    public void Dispose()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        if (!_exited.Wait(TimeSpan.FromSeconds(2))) Kill();
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader, bool stdout)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                Attempt? attempt;
                lock (_lock) attempt = _current;
                if (attempt is null) continue;   // between attempts (start-up noise): nobody's log
                if (stdout && line.StartsWith(EndPrefix, StringComparison.Ordinal))
                {
                    attempt.Ended.TrySetResult(ParseEnd(line[EndPrefix.Length..]));
                    continue;
                }
                try { attempt.Write(stdout, line); }
                catch (ObjectDisposedException) { }   // a line after its attempt was given up on
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
    }

    private static TrialHostEnd ParseEnd(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var reason = doc.RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
        return new TrialHostEnd(doc.RootElement.GetProperty("exit").GetInt32(), reason);
    }

    private sealed class Attempt(Stream stdoutLog, Stream stderrLog, Action<string> onStdoutLine)
    {
        public TaskCompletionSource<TrialHostEnd> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Write(bool stdout, string line)
        {
            var log = stdout ? stdoutLog : stderrLog;
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            lock (log)
            {
                log.Write(bytes);
                log.Flush();
            }
            if (stdout) onStdoutLine(line);
        }
    }
}
