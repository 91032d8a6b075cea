using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Analyses;

/// <summary>
/// <c>analysis.shapley</c>: Shapley values of one trained trial's adapter groups (ALGORITHMS.md §3). Probe numbers are
/// coalitions (bitmasks over the groups). The estimate is cut into numbered units by the estimator; completed units are
/// merged in unit order and the stopping rule is checked only between merges (<see cref="ShapleyProgress"/>).
/// Planned for every completed trial, or for the <c>top_k</c> best once training is over.
/// </summary>
public sealed class ShapleyAnalysis : IAnalysisKind
{
    public const string KindName = "shapley";

    public string Name => KindName;

    public static string IdFor(string trialId) => KindName + "-" + trialId;

    public bool IsWanted(SweepSpec spec) => spec.Analysis?.Shapley is not null;

    private static ShapleyAnalysisSpec Spec(SweepState state) => state.Spec!.Analysis!.Shapley!;

    public IEnumerable<AnalysisPlan> Plan(SweepState state, AnalysisTrigger trigger) => (Spec(state).TopK, trigger) switch
    {
        (null, AnalysisTrigger.TrialFinished { Trial.Status: TrialStatus.Completed } t) => [new AnalysisPlan(IdFor(t.Trial.Id), [t.Trial.Id])],
        ({ } k, AnalysisTrigger.TrainingDone) => state.Ranked().Take(k).Select(t => new AnalysisPlan(IdFor(t.Id), [t.Id])),
        _ => [],
    };

    public object? NewCache(SweepSpec spec, int groups) => new ShapleyProgress(spec.Analysis!.Shapley!, groups);

    public int LeasableUnits(SweepState state, AnalysisRecord a)
    {
        var spec = Spec(state);
        if (spec.MaxEvaluations is { } budget && a.Values.Count >= budget) return a.NextUnit;
        return ShapleyProgress.Read(a, spec, p => p.Run.PlannableUnits);
    }

    public IReadOnlyList<ulong> UnitProbes(SweepState state, AnalysisRecord a, int unit)
    {
        var work = ShapleyProgress.Read(a, Spec(state), p => p.Run.TryPlan(unit));
        if (work is null) return [];
        // v(N) and v(∅) ride along with unit 0: the efficiency check needs them whatever the method samples.
        return unit == 0 ? [.. work.Coalitions, 0UL, Coalitions.Grand(a.Groups.Count)] : work.Coalitions;
    }

    public AdapterProbe Describe(SweepState state, AnalysisRecord a, ulong probe) =>
        new MaskProbe(a.ArtifactDir!, probe, ShapleyAnalysisSpec.SplitAndMeasure(Spec(state).Metric).Split);

    public AnalysisResult? Finish(SweepState state, AnalysisRecord a)
    {
        var (stop, e, grand, empty) = ShapleyProgress.Read(a, Spec(state),
            p => (p.StopReason, p.Run.Estimate(), p.Value(a, Coalitions.Grand(a.Groups.Count)), p.Value(a, 0UL)));
        return stop is null ? null
            : new ShapleyResult(e.Method, e.Values, e.StdErrors, a.Values.Count, e.SamplesPerPlayer, e.Units, grand, empty, stop);
    }

    /// <summary>The estimate so far (every completed unit merged in order), for boards of running analyses.</summary>
    public static ShapleyEstimate EstimateOf(SweepState state, AnalysisRecord a) => ShapleyProgress.Read(a, Spec(state), p => p.Run.Estimate());

    /// <summary>v(S) of a known coalition in the analysis's measure (NaN: not evaluated).</summary>
    public static double ValueOf(SweepState state, AnalysisRecord a, ulong coalition) =>
        a.Values.TryGetValue(coalition, out var r) ? r.Measure(ShapleyAnalysisSpec.SplitAndMeasure(Spec(state).Metric).Measure) : double.NaN;
}
