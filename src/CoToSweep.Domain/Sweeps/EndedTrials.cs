namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// How many of a sweep's trials are completed, failed and stopped, kept in step with every change of a trial's status
/// (<see cref="SweepState.Ended"/>): the live view asks at every refresh, and counting a million trials each time took
/// more CPU than the coordinator's own work (three walks of the trials per refresh).
/// </summary>
public readonly record struct EndedTrials(int Completed, int Failed, int Stopped)
{
    public int this[TrialStatus status] => status switch
    {
        TrialStatus.Completed => Completed,
        TrialStatus.Failed => Failed,
        TrialStatus.Stopped => Stopped,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "only ended statuses are counted here"),
    };

    /// <summary>The counts after one trial went from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public EndedTrials Moved(TrialStatus from, TrialStatus to) => from == to ? this : Add(from, -1).Add(to, 1);

    public EndedTrials Add(TrialStatus status, int by) => status switch
    {
        TrialStatus.Completed => this with { Completed = Completed + by },
        TrialStatus.Failed => this with { Failed = Failed + by },
        TrialStatus.Stopped => this with { Stopped = Stopped + by },
        _ => this,
    };
}
