using System.Text.Json.Serialization;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

public sealed record TrialCounts(int Total, int Pending, int Running, int Completed, int Failed, int Stopped);

public sealed record ObjectiveOf(string Metric, string Direction);

public sealed record BestTrial(string Trial, string Metric, double? Value, IReadOnlyDictionary<string, ParamValue> Params);

/// <summary>
/// One sweep as <c>status</c> shows it (and <c>status --json</c> prints it). An unfinished sweep is
/// <c>running</c> only while a live coordinator holds it; otherwise it is <c>interrupted</c> (resumable), and its
/// trials that were running when it stopped count as pending (a resume runs them again). A running sweep whose
/// coordinator cannot write its journal is <c>stalled</c>, with the reason in <c>Stalled</c>; a running sweep that is
/// paused (it leases nothing until it is resumed) is <c>paused</c>, and <c>Paused</c> says so in every state.
/// </summary>
public sealed record SweepSummary(
    string Id,
    string Name,
    string State,
    TrialCounts Trials,
    BestTrial? Best,
    DateTimeOffset? Updated,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Domain.Analyses.AnalysisCounts? Analyses = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Persistence.SweepStall? Stalled = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ParetoFront = null)
{
    public static SweepSummary Of(SweepState s, bool coordinatorLive, Persistence.SweepStall? stall = null) =>
        Of(SweepOverview.Of(s), Domain.Analyses.AnalysisCounts.Of(s), Domain.Boards.ParetoBoard.FrontSize(s), coordinatorLive, stall);

    /// <summary>
    /// The same from a sweep's overview (<see cref="SweepOverview.Answers"/>: one objective, no analyses, so neither
    /// analysis counts nor a Pareto front), what <c>status</c> reads of a big sweep.
    /// </summary>
    public static SweepSummary Of(SweepOverview o, bool coordinatorLive, Persistence.SweepStall? stall = null) =>
        o.Answers ? Of(o, null, null, coordinatorLive, stall) : throw new ArgumentException($"sweep {o.Id}: its overview does not answer for it (analyses or several objectives)");

    private static SweepSummary Of(SweepOverview s, Domain.Analyses.AnalysisCounts? analyses, int? paretoFront, bool coordinatorLive, Persistence.SweepStall? stall)
    {
        var state = s.Phase switch
        {
            SweepPhase.Completed => "completed",
            SweepPhase.Failed => "failed",
            SweepPhase.Cancelled => "cancelled",
            _ when !coordinatorLive => "interrupted",
            _ when stall is not null => "stalled",
            _ => s.Paused ? "paused" : "running",
        };
        // With no coordinator nothing runs: the journal's running trials are the ones a resume queues again.
        var live = state is "running" or "stalled" or "paused";
        var running = live ? s.Count(TrialStatus.Running) : 0;
        var counts = new TrialCounts(s.TotalTrials, s.Count(TrialStatus.Pending) + s.Count(TrialStatus.Running) - running, running,
            s.Count(TrialStatus.Completed), s.Count(TrialStatus.Failed), s.Count(TrialStatus.Stopped));
        if (analyses is not null && !live) analyses = analyses with { UnitsRunning = 0 };
        var best = s.Best is { } b ? new BestTrial(b.Id, s.Spec!.Objective.Metric, b.Objective, b.Params) : null;
        // Several objectives: how many completed trials no other trial beats in every objective.
        return new SweepSummary(s.Id, s.Spec?.Name ?? s.Id, state, counts, best, s.Updated, analyses, state == "stalled" ? stall : null, paretoFront)
        {
            Paused = s.Paused,
            Objective = s.Spec is { } spec ? new ObjectiveOf(spec.Objective.Metric, spec.Objective.Direction.ToString().ToLowerInvariant()) : null,
            Started = s.SubmittedAt,
            EtaSeconds = Eta(s, counts),
        };
    }

    /// <summary>As <c>status</c> decides liveness: the lock (or heartbeat) holder serves this sweep, or every sweep (<c>*</c>).</summary>
    public static SweepSummary Of(SweepState s, Persistence.LockHolder? live) => Of(s, Serves(live, s.Id), live?.StallOf(s.Id));

    /// <inheritdoc cref="Of(SweepState, Persistence.LockHolder?)"/>
    public static SweepSummary Of(SweepOverview o, Persistence.LockHolder? live) => Of(o, Serves(live, o.Id), live?.StallOf(o.Id));

    private static bool Serves(Persistence.LockHolder? live, string sweepId) => live is not null && (live.Sweeps.Contains(sweepId) || live.Sweeps.Contains("*"));

    /// <summary>
    /// Seconds to the end at the completion rate so far (trials ended per second between submission and the last event):
    /// from journaled times only, so two readers of the same journal agree. Null before any trial ended, while paused, or
    /// once finished.
    /// </summary>
    private static double? Eta(SweepOverview s, TrialCounts counts)
    {
        var ended = counts.Completed + counts.Failed + counts.Stopped;
        if (s.IsFinished || s.Paused || ended == 0 || s.SubmittedAt is not { } from || s.Updated is not { } to || to <= from) return null;
        return Math.Round((counts.Total - ended) * (to - from).TotalSeconds / ended, 1);
    }

    /// <summary>Whether the sweep is paused (nothing leased until it is resumed).</summary>
    public bool Paused { get; init; }

    public ObjectiveOf? Objective { get; init; }

    /// <summary>When the sweep was submitted.</summary>
    public DateTimeOffset? Started { get; init; }

    public double? EtaSeconds { get; init; }

    [JsonIgnore]
    public bool IsFinished => State is "completed" or "failed" or "cancelled";

    [JsonIgnore]
    public bool IsLive => State is "running" or "stalled" or "paused";
}
