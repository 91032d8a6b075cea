using System.Text.Json.Serialization;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

public sealed record TrialCounts(int Total, int Pending, int Running, int Completed, int Failed, int Stopped);

public sealed record BestTrial(string Trial, string Metric, double? Value, IReadOnlyDictionary<string, ParamValue> Params);

/// <summary>
/// One sweep as <c>status</c> shows it (and <c>status --json</c> prints it). An unfinished sweep is
/// <c>running</c> only while a live coordinator holds it; otherwise it is <c>interrupted</c> (resumable), and its
/// trials that were running when it stopped count as pending (a resume runs them again). A running sweep whose
/// coordinator cannot write its journal is <c>stalled</c>, with the reason in <c>Stalled</c>.
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
    public static SweepSummary Of(SweepState s, bool coordinatorLive, Persistence.SweepStall? stall = null)
    {
        var state = s.Phase switch
        {
            SweepPhase.Completed => "completed",
            SweepPhase.Failed => "failed",
            SweepPhase.Cancelled => "cancelled",
            _ when !coordinatorLive => "interrupted",
            _ => stall is null ? "running" : "stalled",
        };
        // With no coordinator nothing runs: the journal's running trials are the ones a resume queues again.
        var running = state is "running" or "stalled" ? s.Count(TrialStatus.Running) : 0;
        var counts = new TrialCounts(s.TotalTrials, s.Count(TrialStatus.Pending) + s.Count(TrialStatus.Running) - running, running,
            s.Count(TrialStatus.Completed), s.Count(TrialStatus.Failed), s.Count(TrialStatus.Stopped));
        var analyses = Domain.Analyses.AnalysisCounts.Of(s);
        if (analyses is not null && state is not ("running" or "stalled")) analyses = analyses with { UnitsRunning = 0 };
        var best = s.Best is { } b ? new BestTrial(b.Id, s.Spec!.Objective.Metric, b.Objective, b.Params) : null;
        // Several objectives: how many completed trials no other trial beats in every objective.
        return new SweepSummary(s.Id, s.Spec?.Name ?? s.Id, state, counts, best, s.Updated, analyses, state == "stalled" ? stall : null,
            Domain.Boards.ParetoBoard.FrontSize(s));
    }

    [JsonIgnore]
    public bool IsFinished => State is "completed" or "failed" or "cancelled";
}
