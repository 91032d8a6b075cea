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
    int Total, int Running, int Completed, int Failed, int UnitsRunning, long Evaluations, IReadOnlyDictionary<string, AnalysisKindCounts> Kinds,
    int Expected)
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
            all.Sum(a => a.Running.Count), all.Sum(a => (long)a.Values.Count), byKind, Math.Max(total.Total, ExpectedOf(state)));
    }

    /// <summary>
    /// How many analyses the sweep will have once its trials are done, if none fails (for a progress bar): one per
    /// trial (or top k) for shapley and prune, one per configuration or task group for merge.
    /// </summary>
    private static int ExpectedOf(SweepState state)
    {
        var spec = state.Spec!.Analysis!;
        var trials = state.Trials.Values.Where(t => t.Status != TrialStatus.Failed).ToList();
        var perTrial = (int? topK) => Math.Min(topK ?? int.MaxValue, trials.Count);
        return (spec.Shapley is { } s ? perTrial(s.TopK) : 0)
               + (spec.Prune is { } p ? perTrial(p.Orders.Contains("shapley") ? spec.Shapley?.TopK : p.TopK) : 0)
               + (spec.Corruption is { } c ? perTrial(c.TopK) : 0)
               + (spec.Merge is { } m
                   ? m.Across == "seeds" ? trials.Select(t => t.Config).Distinct().Count()
                   : trials.Select(t => (t.Seed, MergeAnalysis.WithoutTask(t.Params))).Distinct().Count()
                   : 0);
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
