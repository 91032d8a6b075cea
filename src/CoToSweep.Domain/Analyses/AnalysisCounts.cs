using System.Text.Json.Serialization;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Analyses;

/// <summary>How one kind's analyses stand.</summary>
public sealed record AnalysisKindCounts(int Total, int Running, int Completed, int Failed);

/// <summary>
/// How a sweep's analyses stand: analyses by status (all kinds), units being evaluated now, distinct probes evaluated,
/// and the same counts per kind (<c>shapley</c>, <c>merge</c>, <c>prune</c>) that the sweep asks for.
/// </summary>
public sealed record AnalysisCounts(
    int Total, int Running, int Completed, int Failed, int UnitsRunning, long Evaluations, IReadOnlyDictionary<string, AnalysisKindCounts> Kinds)
{
    /// <summary>The counts of a sweep, or null when it asks for no analysis.</summary>
    public static AnalysisCounts? Of(SweepState state)
    {
        var kinds = state.WantedAnalyses.Select(k => k.Name).ToList();
        if (kinds.Count == 0) return null;
        var all = state.Analyses.Values.ToList();
        var byKind = kinds.ToDictionary(k => k, k => Count(all.Where(a => a.Kind == k).ToList()));
        var total = Count(all);
        return new AnalysisCounts(total.Total, total.Running, total.Completed, total.Failed,
            all.Sum(a => a.Running.Count), all.Sum(a => (long)a.Values.Count), byKind);
    }

    private static AnalysisKindCounts Count(IReadOnlyList<AnalysisRecord> all) =>
        new(all.Count, all.Count(a => a.Status == AnalysisStatus.Running), all.Count(a => a.Status == AnalysisStatus.Completed),
            all.Count(a => a.Status == AnalysisStatus.Failed));

    /// <summary>One phrase for progress lines: <c>shapley 1/4 · merge 0/2 done · 2 units running · 130 evaluations</c>.</summary>
    [JsonIgnore]
    public string Phrase =>
        string.Join(" · ", Kinds.Select(k => $"{k.Key} {k.Value.Completed}/{k.Value.Total}" + (k.Value.Failed > 0 ? $" ({k.Value.Failed} failed)" : ""))) +
        " done" + (UnitsRunning > 0 ? $" · {UnitsRunning} units running" : "") + $" · {Evaluations} evaluations";
}
