namespace CoToSweep.Actors.Runners.Processes;

/// <summary>
/// Keeps metric reports to the coordinator sparse: a report goes out at once when none went out in the last
/// <c>interval</c>; otherwise it is merged into one pending report (later values win, the step is the latest), which
/// goes out when the interval has passed (<see cref="FlushIfDue"/>, called by a timer) or at the end
/// (<see cref="Flush"/>). So at most one report per interval, and the last values always arrive.
/// </summary>
public sealed class ProgressThrottle(ITrialProgress progress, TimeSpan interval, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private Dictionary<string, double>? _pending;
    private long _pendingStep;
    private long _lastSent = long.MinValue;

    public void Offer(long step, IReadOnlyDictionary<string, double> metrics)
    {
        lock (_lock)
        {
            _pending ??= new Dictionary<string, double>();
            foreach (var (k, v) in metrics) _pending[k] = v;
            _pendingStep = step;
            if (Due()) SendLocked();
        }
    }

    public void FlushIfDue()
    {
        lock (_lock) if (_pending is not null && Due()) SendLocked();
    }

    public void Flush()
    {
        lock (_lock) if (_pending is not null) SendLocked();
    }

    private bool Due() => _lastSent == long.MinValue || _time.GetElapsedTime(_lastSent) >= interval;

    private void SendLocked()
    {
        var (step, metrics) = (_pendingStep, _pending!);
        _pending = null;
        _lastSent = _time.GetTimestamp();
        progress.Report(step, metrics);
    }
}
