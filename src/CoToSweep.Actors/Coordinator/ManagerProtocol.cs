using Akka.Actor;
using CoToSweep.Actors.Protocol;

namespace CoToSweep.Actors.Coordinator;

/// <summary>
/// Between the sweep manager and its sweep coordinators. Parent and children always share a process, so these
/// carry actor refs and are never serialized.
/// </summary>
internal static class ManagerProtocol
{
    /// <summary>Lease a trial of this sweep to <c>Slot</c>, or answer <see cref="NothingToLease"/>.</summary>
    public sealed record LeaseFor(WorkProtocol.RequestWork Request, IActorRef Slot);

    public sealed record NothingToLease(string SweepId, WorkProtocol.RequestWork Request, IActorRef Slot);

    /// <summary>Trials of this sweep became pending (submitted, re-queued, recovered).</summary>
    public sealed record SweepHasWork(string SweepId);

    /// <summary>The sweep ended; it is not asked for work again.</summary>
    public sealed record SweepEnded(string SweepId);

    /// <summary>A cluster node left or was downed: its slots' leases are re-queued at once.</summary>
    public sealed record WorkerNodeLost(string Address);
}
