using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Analyses;

/// <summary>How a sweep's analyses stand: analyses by status, units being evaluated now, distinct coalitions evaluated.</summary>
public sealed record AnalysisCounts(int Total, int Running, int Completed, int Failed, int UnitsRunning, long Evaluations)
{
    /// <summary>The counts of a sweep, or null when it asks for no analysis.</summary>
    public static AnalysisCounts? Of(SweepState state)
    {
        if (state.Spec?.Analysis?.Shapley is null) return null;
        var all = state.Analyses.Values.ToList();
        return new AnalysisCounts(all.Count, all.Count(a => a.Status == AnalysisStatus.Running),
            all.Count(a => a.Status == AnalysisStatus.Completed), all.Count(a => a.Status == AnalysisStatus.Failed),
            all.Sum(a => a.Running.Count), all.Sum(a => (long)a.Values.Count));
    }

    /// <summary>One phrase for progress lines: <c>shapley 1/4 done · 2 units running · 130 evaluations</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Phrase =>
        $"shapley {Completed}/{Total} done" + (Failed > 0 ? $" · {Failed} failed" : "") +
        (UnitsRunning > 0 ? $" · {UnitsRunning} units running" : "") + $" · {Evaluations} evaluations";
}
