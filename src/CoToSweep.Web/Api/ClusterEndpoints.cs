using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace CoToSweep.Web.Api;

/// <summary>
/// A worker slot: its name (<c>node/slot</c>), node, GPU (the device of a <c>gpu-N</c> slot, else its GPU count, null for
/// a CPU slot), the work it runs by the journal (sweep, trial or analysis unit key, attempt, since) and its last heartbeat.
/// </summary>
public sealed record SlotView(string Slot, string Node, string? Gpu, string? Sweep, string? Trial, int? Attempt, DateTimeOffset? Since, DateTimeOffset? LastHeartbeat);

public sealed record ClusterView(IReadOnlyList<MemberView> Members, IReadOnlyList<SlotView> Slots);

/// <summary><c>/api/cluster</c>: members, and slots from the coordinator (slots heard from) and the journal (what runs where).</summary>
public static class ClusterEndpoints
{
    public static void Map(IEndpointRouteBuilder api, SweepReads reads, SweepControl control) =>
        api.MapGet("/cluster", (CancellationToken cancellationToken) => ViewAsync(reads, control, cancellationToken));

    public static async Task<ClusterView> ViewAsync(SweepReads reads, SweepControl control, CancellationToken cancellationToken)
    {
        var seen = await control.SlotsAsync(cancellationToken);
        var running = new Dictionary<string, (string Sweep, string Key, int Attempt, DateTimeOffset? Since)>();
        foreach (var state in reads.States().Where(s => !s.IsFinished))
        {
            foreach (var t in state.TrialsInOrder.Where(t => t is { Status: TrialStatus.Running, Worker: not null }))
                running[t.Worker!] = (state.Id, t.Id, t.Attempt, t.StartedAt);
            foreach (var a in state.AnalysesInOrder.Where(a => !a.IsTerminal))
                foreach (var (unit, lease) in a.Running)
                    running[lease.Worker] = (state.Id, Domain.Analyses.AnalysisRecord.UnitKey(a.Id, unit), lease.Attempt, lease.StartedAt);
        }
        var workers = seen.Select(s => s.Worker).Concat(running.Keys).Distinct().Order(StringComparer.Ordinal);
        var byWorker = seen.ToDictionary(s => s.Worker);
        var slots = workers.Select(w =>
        {
            var s = byWorker.GetValueOrDefault(w);
            var slash = w.LastIndexOf('/');
            var name = slash < 0 ? w : w[(slash + 1)..];
            var gpu = name.StartsWith("gpu-", StringComparison.Ordinal) ? name[4..] : s is { Gpus: > 0 } ? $"{s.Gpus}" : null;
            var heartbeat = s?.LastHeartbeat;
            return running.TryGetValue(w, out var r)
                ? new SlotView(w, slash < 0 ? "" : w[..slash], gpu, r.Sweep, r.Key, r.Attempt, r.Since, heartbeat)
                : new SlotView(w, slash < 0 ? "" : w[..slash], gpu, null, null, null, s?.LastAsked, heartbeat);
        }).ToList();
        return new ClusterView(control.Members(), slots);
    }
}
