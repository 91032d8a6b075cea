using CoToSweep.Domain;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Protocol;

/// <summary>
/// Messages between worker slots and the coordinator (the sweep manager: local in embedded mode, the cluster
/// singleton otherwise). Workers pull: an idle slot asks for work; a busy one heartbeats.
/// </summary>
public static class WorkProtocol
{
    /// <summary>An idle slot asks for a trial. <c>ArtifactRoot</c>: where its node writes artifacts; <c>Gpus</c>: what it has.</summary>
    public sealed record RequestWork(string Worker, string ArtifactRoot, int Gpus = 0) : ISweepMessage;

    public sealed record WorkLeased(TrialAssignment Assignment) : ISweepMessage;

    /// <summary>An analysis work unit leased to the slot; it is heartbeated and acknowledged under <c>Unit.Key</c>.</summary>
    public sealed record UnitLeased(Domain.Analyses.AnalysisUnitAssignment Unit) : ISweepMessage;

    /// <summary>Nothing to lease now; the slot waits for <see cref="WorkAvailable"/> (or asks again after a while).</summary>
    public sealed record NoWork : ISweepMessage
    {
        public static readonly NoWork Instance = new();
    }

    /// <summary>Sent to slots that were told <see cref="NoWork"/> when a trial becomes pending somewhere.</summary>
    public sealed record WorkAvailable(string SweepId) : ISweepMessage;

    /// <summary>A command of a slot for one sweep (progress, completion, failure), routed by the manager.</summary>
    public sealed record ForSweep(string SweepId, ISweepCommand Command) : ISweepMessage;

    /// <summary>
    /// A slot's result together with its request for the next work. When that sweep is the one the request would be
    /// offered to first anyway, its coordinator journals the result and the next lease in one write, so the slot waits
    /// for one journal round trip between trials instead of two. Resends of the result are plain <see cref="ForSweep"/>.
    /// </summary>
    public sealed record ResultThenAsk(string SweepId, ISweepCommand Result, RequestWork Next) : ISweepMessage;

    /// <summary>
    /// A busy slot is alive and still running this attempt; leases whose heartbeats stop are re-queued. <c>TrialId</c>
    /// is the lease key: a trial id, or an analysis unit's key (<c>shapley-t0000-s0/u3</c>).
    /// </summary>
    public sealed record Heartbeat(string SweepId, string TrialId, int Attempt, string Worker) : ISweepMessage;

    /// <summary>
    /// The coordinator asks the slot running this attempt (<c>Key</c>: a trial id or an analysis unit's key, as in
    /// <see cref="Heartbeat"/>) to stop it: the slot cancels that work only (a command trial's process tree is killed,
    /// a built-in trial cancelled, a trial host killed with its trial) and reports the attempt as lost with
    /// <c>Reason</c>, not as the trial's fault; what that means (cancelled sweep, early stop, pause) the coordinator
    /// has decided before sending this. A slot not running that attempt ignores it.
    /// </summary>
    public sealed record StopTrial(string SweepId, string Key, int Attempt, string Reason) : ISweepMessage;

    /// <summary>The result of this attempt is journaled (or was already decided); the slot may forget it. <c>TrialId</c>: the lease key.</summary>
    public sealed record ResultAcknowledged(string TrialId, int Attempt) : ISweepMessage;
}

/// <summary>Queries and submissions of the coordinator, from the CLI.</summary>
public static class SweepQueries
{
    /// <summary>The live state of one sweep (in-process only: the reply is the Domain state itself).</summary>
    public sealed record GetState(string SweepId) : ISweepMessage;

    /// <summary>The reply to <see cref="GetState"/> for a sweep the coordinator does not know.</summary>
    public sealed record UnknownSweep(string SweepId) : ISweepMessage;

    /// <summary>The worker slots the coordinator has heard from (<c>GET /api/cluster</c>): answered with <see cref="SlotList"/>.</summary>
    public sealed record GetSlots : ISweepMessage
    {
        public static readonly GetSlots Instance = new();
    }

    public sealed record SlotList(IReadOnlyList<SlotSeen> Slots) : ISweepMessage;

    /// <summary>
    /// A slot as the coordinator last heard of it: its worker name (<c>node/slot-N</c>), GPUs, when it last asked for work,
    /// and its last heartbeat (the lease it ran then; null while idle since).
    /// </summary>
    public sealed record SlotSeen(string Worker, int Gpus, DateTimeOffset? LastAsked, string? SweepId, string? Key, int? Attempt, DateTimeOffset? LastHeartbeat);
}
