using CoToSweep.Domain.Search;
using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Analyses;

/// <summary>
/// <c>analysis.prune</c> (ALGORITHMS.md §4) of one trained trial (<c>prune-&lt;trial&gt;</c>). One unit per structured
/// order (whole groups dropped, fraction x of them; <c>random</c> averaged over its draws), then one unit per magnitude
/// scope (x = sparsity of ΔW). Structured probes are numbered by their mask (so x = 0, the unpruned adapter, and x = 1,
/// the base model, are evaluated once for every curve); magnitude probes by <see cref="Magnitude"/> | index. Planned for
/// every completed trial (or the <c>top_k</c> best once training is over); with the <c>shapley</c> order, once the
/// trial's Shapley analysis is finished (if that failed, the curve is left out).
/// </summary>
public sealed class PruneAnalysis : IAnalysisKind
{
    public const string KindName = "prune";
    public const ulong Magnitude = 1UL << 63;

    public string Name => KindName;

    public static string IdFor(string trialId) => KindName + "-" + trialId;

    public bool IsWanted(SweepSpec spec) => spec.Analysis?.Prune is not null;

    private static PruneAnalysisSpec Spec(SweepState state) => state.Spec!.Analysis!.Prune!;

    public IEnumerable<AnalysisPlan> Plan(SweepState state, AnalysisTrigger trigger)
    {
        var spec = Spec(state);
        if (spec.Orders.Contains("shapley"))
            return trigger is AnalysisTrigger.AnalysisFinished { Analysis: { Kind: ShapleyAnalysis.KindName } a }
                ? [new AnalysisPlan(IdFor(a.TrialId), [a.TrialId])] : [];
        return (spec.TopK, trigger) switch
        {
            (null, AnalysisTrigger.TrialFinished { Trial.Status: TrialStatus.Completed } t) => [new AnalysisPlan(IdFor(t.Trial.Id), [t.Trial.Id])],
            ({ } k, AnalysisTrigger.TrainingDone) => state.Ranked().Take(k).Select(t => new AnalysisPlan(IdFor(t.Id), [t.Id])),
            _ => [],
        };
    }

    /// <summary>The structured orders this analysis runs: the spec's, without <c>shapley</c> when the trial has no Shapley values.</summary>
    private static IReadOnlyList<string> Orders(SweepState state, AnalysisRecord a) =>
        Spec(state).Orders.Where(o => o != "shapley" || ShapleyValues(state, a) is not null).ToArray();

    private static ShapleyResult? ShapleyValues(SweepState state, AnalysisRecord a) =>
        state.Analyses.GetValueOrDefault(ShapleyAnalysis.IdFor(a.TrialId))?.Result as ShapleyResult;

    private static int Units(SweepState state, AnalysisRecord a) =>
        Orders(state, a).Count + (Spec(state).Sparsities.Count > 0 ? Spec(state).Scopes.Count : 0);

    public int LeasableUnits(SweepState state, AnalysisRecord a) => Units(state, a);

    public IReadOnlyList<ulong> UnitProbes(SweepState state, AnalysisRecord a, int unit)
    {
        var orders = Orders(state, a);
        if (unit < 0 || unit >= Units(state, a)) return [];
        if (unit < orders.Count) return Masks(state, a, orders[unit]).SelectMany(draw => draw).Distinct().ToArray();
        var spec = Spec(state);
        var scope = unit - orders.Count;
        var full = Coalitions.Grand(a.Groups.Count);
        return spec.Sparsities.Select((s, i) => s == 0 ? full : s == 1 ? 0UL : Magnitude | (uint)(scope * spec.Sparsities.Count + i)).ToArray();
    }

    /// <summary>For each draw of the order (one, except random), the mask at each ratio: all groups minus the first round(x·G) of the order.</summary>
    private static IReadOnlyList<IReadOnlyList<ulong>> Masks(SweepState state, AnalysisRecord a, string order)
    {
        var spec = Spec(state);
        var g = a.Groups.Count;
        var draws = order == "random" ? spec.Draws : 1;
        return Enumerable.Range(0, draws).Select(d =>
        {
            var sequence = Sequence(state, a, order, d);
            return (IReadOnlyList<ulong>)spec.Ratios.Select(r =>
            {
                var drop = (int)Math.Round(r * g, MidpointRounding.AwayFromZero);
                return sequence.Take(drop).Aggregate(Coalitions.Grand(g), (mask, i) => mask & ~(1UL << i));
            }).ToArray();
        }).ToArray();
    }

    /// <summary>The order in which groups are dropped (group indices, first dropped first).</summary>
    public static IReadOnlyList<int> Sequence(SweepState state, AnalysisRecord a, string order, int draw)
    {
        var g = a.Groups.Count;
        var all = Enumerable.Range(0, g);
        switch (order)
        {
            case "high-first": return all.Reverse().ToArray();
            case "low-first": return all.ToArray();
            case "everyother": return all.Where(i => i % 2 == 1).Concat(all.Where(i => i % 2 == 0)).ToArray();
            case "shapley":
                // Least helpful first: lowest φ for accuracy, highest φ for a loss (where helping lowers the value).
                var phi = ShapleyValues(state, a)!.Values;
                var loss = state.Spec!.Analysis!.Shapley!.Metric.EndsWith("_loss", StringComparison.Ordinal);
                return all.OrderBy(i => loss ? -phi[i] : phi[i]).ThenBy(i => i).ToArray();
            case "random":
                var rng = new SplitMix64(SplitMix64.Mix((ulong)Spec(state).Seed, SplitMix64.Mix(StableHash(a.TrialId), (ulong)draw)));
                var perm = all.ToArray();
                for (var i = g - 1; i > 0; i--)
                {
                    var j = (int)(rng.NextULong() % (ulong)(i + 1));
                    (perm[i], perm[j]) = (perm[j], perm[i]);
                }
                return perm;
            default: throw new ArgumentOutOfRangeException(nameof(order), order, "unknown pruning order");
        }
    }

    private static ulong StableHash(string s) => s.Aggregate(1469598103934665603UL, (h, c) => (h ^ c) * 1099511628211UL);

    public AdapterProbe Describe(SweepState state, AnalysisRecord a, ulong probe)
    {
        var spec = Spec(state);
        var split = ShapleyAnalysisSpec.SplitAndMeasure(spec.Metric).Split;
        if ((probe & Magnitude) == 0) return new MaskProbe(a.ArtifactDir!, probe, split);
        var index = (int)(probe & ~Magnitude);
        var n = spec.Sparsities.Count;
        return new MagnitudeProbe(a.ArtifactDir!, spec.Sparsities[index % n], spec.Scopes[index / n], split);
    }

    public AnalysisResult? Finish(SweepState state, AnalysisRecord a)
    {
        if (a.Completed.Count < Units(state, a)) return null;
        var spec = Spec(state);
        var curves = new List<PruneCurve>();
        foreach (var order in Orders(state, a))
        {
            var draws = Masks(state, a, order);
            double Mean(int r, Func<ProbeResult, double> f) => draws.Average(d => f(a.Values[d[r]]));
            curves.Add(Curve("structured", order, spec.Ratios,
                spec.Ratios.Select((_, r) => Mean(r, x => x.Accuracy)).ToArray(), spec.Ratios.Select((_, r) => Mean(r, x => x.Loss)).ToArray()));
        }
        var orders = Orders(state, a).Count;
        if (spec.Sparsities.Count > 0)
            for (var s = 0; s < spec.Scopes.Count; s++)
            {
                var results = UnitProbes(state, a, orders + s).Select(p => a.Values[p]).ToArray();
                curves.Add(Curve("magnitude", spec.Scopes[s], spec.Sparsities, results.Select(r => r.Accuracy).ToArray(), results.Select(r => r.Loss).ToArray()));
            }
        return new PruneResult(curves);
    }

    /// <summary>A curve over x from 0 to 1, with its area under accuracy / accuracy at x = 0 (trapezoids).</summary>
    public static PruneCurve Curve(string mode, string order, IReadOnlyList<double> x, IReadOnlyList<double> acc, IReadOnlyList<double> loss)
    {
        var area = 0.0;
        for (var i = 1; i < x.Count; i++) area += (x[i] - x[i - 1]) * (acc[i] + acc[i - 1]) / 2;
        var half = x.ToList().IndexOf(0.5);
        return new PruneCurve(mode, order, x, acc, loss, acc[0] > 0 ? area / acc[0] : double.NaN, half >= 0 ? acc[half] : double.NaN);
    }
}
