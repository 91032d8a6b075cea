namespace CoToSweep.Actors.Coordinator;

/// <summary>
/// Timings of the coordinator side. <see cref="LeaseTimeout"/>: a running trial whose slot has not heartbeated for
/// this long is re-queued (the slot heartbeats every <c>WorkerSlotSettings.Heartbeat</c>).
/// <see cref="RequeueRunningOnRecovery"/>: embedded runs re-queue what was running at once (its slots died with the
/// process); a cluster coordinator instead adopts those leases and lets heartbeats from surviving workers keep them.
/// <see cref="RestartMinBackoff"/>, <see cref="RestartMaxBackoff"/>: a coordinator stopped by a journal fault is
/// started again after a pause that doubles from the first to the second (with 20% jitter), for as long as it fails.
/// <see cref="ProgressLogInterval"/>: the shortest gap between two Info lines of a sweep's progress in the log.
/// <see cref="SnapshotEvery"/>: a coordinator saves its state to the snapshot store after this many events (0: never),
/// so that recovery and <c>status</c> replay at most that many; a million-trial sweep writes about 2 million events.
/// </summary>
public sealed record CoordinatorSettings(TimeSpan LeaseTimeout, TimeSpan LeaseCheckInterval, bool RequeueRunningOnRecovery)
{
    public TimeSpan RestartMinBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan RestartMaxBackoff { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan ProgressLogInterval { get; init; } = TimeSpan.FromSeconds(30);
    public int SnapshotEvery { get; init; } = 100_000;

    /// <summary>
    /// A coordinator saves its sweep's overview (<see cref="OverviewSnapshots"/>) after this many events (0: never), so
    /// that <c>status</c> and <c>leaderboard --top</c> fold at most that many events.
    /// </summary>
    public int OverviewEvery { get; init; } = 10_000;

    public static readonly CoordinatorSettings Embedded = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), true);

    public static readonly CoordinatorSettings Cluster = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1), false)
    {
        RestartMinBackoff = TimeSpan.FromSeconds(1),
        RestartMaxBackoff = TimeSpan.FromSeconds(30),
    };
}
