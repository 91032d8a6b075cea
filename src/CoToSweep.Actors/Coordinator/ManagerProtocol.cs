using Akka.Actor;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Coordinator;

/// <summary>
/// Between the sweep manager and its sweep coordinators. Parent and children always share a process, so these
/// carry actor refs and are never serialized.
/// </summary>
internal static class ManagerProtocol
{
    /// <summary>Lease a trial of this sweep to <c>Slot</c>, or answer <see cref="NothingToLease"/>.</summary>
    public sealed record LeaseFor(WorkProtocol.RequestWork Request, IActorRef Slot);

    /// <summary>A slot's result, then (in the same journal write) a lease of this sweep for its next work: see <see cref="WorkProtocol.ResultThenAsk"/>.</summary>
    public sealed record ResultThenLease(ISweepCommand Result, LeaseFor Next);

    public sealed record NothingToLease(string SweepId, WorkProtocol.RequestWork Request, IActorRef Slot);

    /// <summary>Trials of this sweep became pending (submitted, re-queued, recovered).</summary>
    public sealed record SweepHasWork(string SweepId);

    /// <summary>The sweep ended; it is not asked for work again.</summary>
    public sealed record SweepEnded(string SweepId);

    /// <summary>
    /// The sweep's coordinator could not write (or read) its journal and stopped; its back-off supervisor starts it again.
    /// Until <see cref="CoordinatorRecovered"/> no lease request is offered to it.
    /// </summary>
    public sealed record CoordinatorFailed(string SweepId, string Reason, DateTimeOffset At);

    /// <summary>The sweep's coordinator (re)started and recovered its state from the journal.</summary>
    public sealed record CoordinatorRecovered(string SweepId);

    /// <summary>The first write of a coordinator's incarnation succeeded: the journal is writable again.</summary>
    public sealed record JournalWritten(string SweepId);

    /// <summary>A cluster node left or was downed: its slots' leases are re-queued at once.</summary>
    public sealed record WorkerNodeLost(string Address);
}
