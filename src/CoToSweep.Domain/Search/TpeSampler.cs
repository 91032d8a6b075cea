using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>
/// Tree-structured Parzen estimator, as Optuna's TPESampler: after <c>n_startup_trials</c> random proposals, finished
/// trials are split into the best γ(n) ("below") and the rest ("above", with the constant liar's unfinished trials as the
/// worst); <c>n_ei_candidates</c> draws from the below estimator are scored by log l(x) − log g(x) and the best is
/// proposed. Univariate by default (each parameter on its own, from the trials where it is active); multivariate models
/// the unconditional parameters jointly. Several objectives split by non-domination (<see cref="Pareto"/>).
/// </summary>
public sealed class TpeSampler : ISampler
{
    public string Name => "tpe";

    public bool IsAdaptive => true;

    public long? Size(SearchSpec search) => null;

    public IReadOnlyDictionary<string, ParamValue> Propose(SearchSpec search, long index, SearchHistory history)
    {
        var options = search.Tpe ?? TpeOptions.Default;
        var finished = history.Finished.Where(o => o.Losses.Count > 0 && o.Losses.All(double.IsFinite)).ToList();
        var stream = SplitMix64.Mix((ulong)search.Seed, 0x7BE);
        if (finished.Count < options.StartupTrials) return RandomSampler.Draw(search, stream, index);

        var good = Pareto.Best(finished.Select(o => o.Losses).ToList(), options.Below(finished.Count));
        var below = finished.Where((_, i) => good.Contains(i)).Select(o => o.Params).ToList();
        var above = finished.Where((_, i) => !good.Contains(i)).Select(o => o.Params)
            .Concat(options.ConstantLiar ? history.Unfinished : []).ToList();

        var rng = new SplitMix64(SplitMix64.Mix(stream, (ulong)index));
        var chosen = new Dictionary<string, ParamValue>();
        var axes = search.Space.Select(TpeAxis.Of).ToList();
        var joint = options.Multivariate ? axes.Where(a => a is { Dimension.When: null }).Cast<TpeAxis>().ToList() : [];
        if (joint.Count > 0) Choose(joint, below, above, options, rng, chosen);
        foreach (var axis in axes.OfType<TpeAxis>().Where(a => !joint.Contains(a)))
            Choose([axis], below, above, options, rng, chosen);
        // Fixed values, and parameters whose condition does not hold, as the space says.
        return ActiveConfig.Build(search, (_, d) => chosen.TryGetValue(d.Name, out var v) ? v : d.Sample(0));
    }

    /// <summary>The best of the candidates drawn from l(x) over these axes, by log l(x) − log g(x).</summary>
    private static void Choose(IReadOnlyList<TpeAxis> axes, IReadOnlyList<IReadOnlyDictionary<string, ParamValue>> below,
        IReadOnlyList<IReadOnlyDictionary<string, ParamValue>> above, TpeOptions options, SplitMix64 rng, Dictionary<string, ParamValue> chosen)
    {
        var l = ParzenEstimator.Build(axes, Observed(axes, below), options);
        var g = ParzenEstimator.Build(axes, Observed(axes, above), options);
        double[]? best = null;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < options.Candidates; c++)
        {
            var x = l.Sample(rng);
            var score = l.LogDensity(x) - g.LogDensity(x);
            if (best is null || score > bestScore) (best, bestScore) = (x, score);
        }
        for (var d = 0; d < axes.Count; d++) chosen[axes[d].Dimension.Name] = axes[d].Value(best![d]);
    }

    /// <summary>The trials that have a value for every axis, as internal vectors, oldest first.</summary>
    private static List<double[]> Observed(IReadOnlyList<TpeAxis> axes, IEnumerable<IReadOnlyDictionary<string, ParamValue>> configs) =>
        configs.Select(c => axes.Select(a => a.Internal(c)).ToArray())
            .Where(v => v.All(x => x is not null)).Select(v => v.Select(x => x!.Value).ToArray()).ToList();
}
