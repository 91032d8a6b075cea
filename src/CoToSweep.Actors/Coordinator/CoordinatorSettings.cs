namespace CoToSweep.Actors.Coordinator;

/// <summary>
/// Timings of the coordinator side. <see cref="LeaseTimeout"/>: a running trial whose slot has not heartbeated for
/// this long is re-queued (the slot heartbeats every <c>WorkerSlotSettings.Heartbeat</c>).
/// <see cref="RequeueRunningOnRecovery"/>: embedded runs re-queue what was running at once (its slots died with the
/// process); a cluster coordinator instead adopts those leases and lets heartbeats from surviving workers keep them.
/// </summary>
public sealed record CoordinatorSettings(TimeSpan LeaseTimeout, TimeSpan LeaseCheckInterval, bool RequeueRunningOnRecovery)
{
    public static readonly CoordinatorSettings Embedded = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), true);

    public static readonly CoordinatorSettings Cluster = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1), false);
}
