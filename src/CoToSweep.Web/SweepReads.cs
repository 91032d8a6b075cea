using System.Text.Json.Nodes;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Web;

/// <summary>
/// What the read endpoints and the live feed show, from the cached sweep states and the same liveness answer
/// <c>status</c> uses (the coordinator lock, or the heartbeat rows of a PostgreSQL journal), so that
/// <c>GET /api/sweeps</c> and <c>status --json</c> print the same objects for the same journal.
/// </summary>
public sealed class SweepReads(SweepStateCache cache, Func<LockHolder?> live)
{
    public IReadOnlyList<SweepSummary> Summaries() => Summaries(States());

    public IReadOnlyList<SweepSummary> Summaries(IReadOnlyList<SweepState> states)
    {
        var holder = live();
        return states.Select(s => SweepSummary.Of(s, holder)).ToList();
    }

    /// <summary>Every registered sweep with events, in registration order.</summary>
    public IReadOnlyList<SweepState> States() => cache.All();

    public SweepState State(string sweepId) =>
        (cache.Registered().Contains(sweepId) ? cache.Load(sweepId) : null) ?? throw ProblemException.NotFound($"no sweep '{sweepId}'");

    public SweepSummary Summary(SweepState state) => SweepSummary.Of(state, live());

    /// <summary>One sweep: its summary plus the varying parameters, the metrics seen and the boards it has.</summary>
    public JsonObject Detail(string sweepId)
    {
        var state = State(sweepId);
        var node = System.Text.Json.JsonSerializer.SerializeToNode(Summary(state), ApiJson.Options)!.AsObject();
        node["parameters"] = new JsonArray(Parameters(state).Select(p => (JsonNode)p).ToArray());
        node["metrics"] = new JsonArray(Metrics(state).Select(m => (JsonNode)m).ToArray());
        node["boards"] = new JsonArray(Boards(state).Select(b => (JsonNode)b.Name).ToArray());
        return node;
    }

    public static IReadOnlyList<string> Parameters(SweepState state) => state.Spec?.Search.Space.Select(d => d.Name).ToList() ?? [];

    public static IReadOnlyList<string> Metrics(SweepState state) =>
        state.TrialsInOrder.SelectMany(t => t.Metrics.Keys.Concat(t.Curve.SelectMany(p => p.Metrics.Keys))).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The boards this sweep has: the trial boards, pareto with several objectives, each wanted analysis's.</summary>
    public static IReadOnlyList<BoardKind> Boards(SweepState state) => BoardKinds.All.Where(k => Has(state, k)).ToList();

    public static bool Has(SweepState state, BoardKind kind) =>
        kind == BoardKinds.Pareto ? state.Spec is { Objectives.Count: > 1 }
        : BoardKinds.AnalysisOf(kind) is not { } analysis || (state.Spec is { } spec && AnalysisKinds.Get(analysis).IsWanted(spec));
}
