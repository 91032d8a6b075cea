using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;

namespace CoToSweep.Domain.Analyses;

/// <summary>
/// <c>analysis.corruption</c> (ALGORITHMS.md §2, the Low-Norm Effect) of one trained prompt (<c>corruption-&lt;trial&gt;</c>).
/// One unit per context position: the unchanged prompt (probe 0, shared by every unit, so evaluated once) and each of the
/// spec's corruptions of that position (probe 1 + position·K + j). Planned for every completed trial (or the
/// <c>top_k</c> best once training is over). The result says, per position and corruption, how accuracy changed and
/// whether the corruption lowered or raised the position's norm: rescaling by τ multiplies it by |τ| (the trial's
/// <c>norm_pos{i}</c>); replacing by N(0, σ²) gives it the noise's expected norm (two-norm σ·√W, one-norm σ·W·√(2/π),
/// inf-norm ≈ σ·√(2 ln W), W = <c>clip.width</c>), so σ = 0 always lowers it.
/// </summary>
public sealed class CorruptionAnalysis : IAnalysisKind
{
    public const string KindName = "corruption";

    /// <summary>The split the probes are scored on: the trained classes' test images.</summary>
    public const string Split = "test";

    public string Name => KindName;

    public static string IdFor(string trialId) => KindName + "-" + trialId;

    public bool IsWanted(SweepSpec spec) => spec.Analysis?.Corruption is not null;

    private static CorruptionAnalysisSpec Spec(SweepState state) => state.Spec!.Analysis!.Corruption!;

    public IEnumerable<AnalysisPlan> Plan(SweepState state, AnalysisTrigger trigger) => (Spec(state).TopK, trigger) switch
    {
        (null, AnalysisTrigger.TrialFinished { Trial.Status: TrialStatus.Completed } t) => [new AnalysisPlan(IdFor(t.Trial.Id), [t.Trial.Id])],
        ({ } k, AnalysisTrigger.TrainingDone) => state.Ranked().Take(k).Select(t => new AnalysisPlan(IdFor(t.Id), [t.Id])),
        _ => [],
    };

    private static int Positions(SweepState state, AnalysisRecord a) => NemesisKind.Positions(state.Trials[a.TrialId].Params);

    public int LeasableUnits(SweepState state, AnalysisRecord a) => Positions(state, a);

    public IReadOnlyList<ulong> UnitProbes(SweepState state, AnalysisRecord a, int unit)
    {
        if (unit < 0 || unit >= Positions(state, a)) return [];
        var k = Spec(state).Corruptions.Count;
        return [0UL, .. Enumerable.Range(0, k).Select(j => 1 + (ulong)(unit * k + j))];
    }

    public AdapterProbe Describe(SweepState state, AnalysisRecord a, ulong probe)
    {
        if (probe == 0) return new CorruptProbe(a.ArtifactDir!, -1, "original", 1, 0, Split);
        var spec = Spec(state);
        var k = spec.Corruptions.Count;
        var (position, j) = ((int)((probe - 1) / (ulong)k), (int)((probe - 1) % (ulong)k));
        var (mode, value) = spec.Corruptions[j];
        var seed = (long)(SplitMix64.Mix((ulong)spec.Seed, SplitMix64.Mix((ulong)position, (ulong)j)) >> 1);
        return new CorruptProbe(a.ArtifactDir!, position, mode, value, seed, Split);
    }

    public AnalysisResult? Finish(SweepState state, AnalysisRecord a)
    {
        var positions = Positions(state, a);
        if (a.Completed.Count < positions) return null;
        var spec = Spec(state);
        var trial = state.Trials[a.TrialId];
        var p = NemesisKind.WithDefaults(trial.Params);
        var width = p["clip.width"].AsDouble();
        var normType = p["norm_type"].ToString();
        var original = a.Values[0].Accuracy;
        var points = new List<CorruptionPoint>();
        for (var s = 0; s < positions; s++)
        {
            var norm = trial.Metrics.GetValueOrDefault(NemesisKind.NormMetric(s), double.NaN);
            for (var j = 0; j < spec.Corruptions.Count; j++)
            {
                var (mode, value) = spec.Corruptions[j];
                var after = mode == "rescale" ? Math.Abs(value) * norm : ExpectedNoiseNorm(normType, value, width);
                var acc = a.Values[1 + (ulong)(s * spec.Corruptions.Count + j)].Accuracy;
                points.Add(new CorruptionPoint(s, mode, value, norm, after, acc, acc - original));
            }
        }
        bool Lowered(CorruptionPoint x) => x.NormAfter < x.Norm;
        bool Raised(CorruptionPoint x) => x.NormAfter > x.Norm;
        return new CorruptionResult(original, points,
            points.Count(Lowered), points.Count(x => Lowered(x) && x.Change > 0), points.Count(Raised), points.Count(x => Raised(x) && x.Change > 0));
    }

    /// <summary>The expected norm of σ·z for z ~ N(0, I_W).</summary>
    public static double ExpectedNoiseNorm(string normType, double sigma, double width) => normType switch
    {
        "one" => sigma * width * Math.Sqrt(2 / Math.PI),
        "inf" => sigma * Math.Sqrt(2 * Math.Log(width)),
        _ => sigma * Math.Sqrt(width),
    };
}
