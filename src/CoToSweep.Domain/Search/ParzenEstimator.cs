using MathNet.Numerics.Distributions;

namespace CoToSweep.Domain.Search;

/// <summary>One dimension's kernels: component k's density and draws (values in the sampler's internal scale).</summary>
internal interface IKernels
{
    double Sample(int k, SplitMix64 rng);
    double LogDensity(int k, double x);
}

/// <summary>Truncated normals on [low, high] (log scale for loguniform, ±0.5 around the ends for integers).</summary>
internal sealed class NumericKernels(double[] mus, double[] sigmas, double low, double high) : IKernels
{
    public double Sample(int k, SplitMix64 rng)
    {
        var (a, b) = (Normal.CDF(0, 1, (low - mus[k]) / sigmas[k]), Normal.CDF(0, 1, (high - mus[k]) / sigmas[k]));
        var u = a + (b - a) * rng.NextDouble();
        var x = mus[k] + sigmas[k] * Normal.InvCDF(0, 1, Math.Clamp(u, 1e-300, 1 - 1e-16));
        return double.IsFinite(x) ? Math.Clamp(x, low, high) : mus[k];
    }

    public double LogDensity(int k, double x)
    {
        var s = sigmas[k];
        var mass = Normal.CDF(0, 1, (high - mus[k]) / s) - Normal.CDF(0, 1, (low - mus[k]) / s);
        var z = (x - mus[k]) / s;
        return -0.5 * z * z - Math.Log(s * Math.Sqrt(2 * Math.PI)) - Math.Log(Math.Max(mass, 1e-300));
    }
}

/// <summary>Categories by index: kernel k puts its weight on its observed category, plus the prior spread over all.</summary>
internal sealed class CategoricalKernels(double[][] probabilities) : IKernels
{
    public double Sample(int k, SplitMix64 rng)
    {
        var u = rng.NextDouble();
        var p = probabilities[k];
        for (var c = 0; c < p.Length - 1; c++)
            if ((u -= p[c]) < 0) return c;
        return p.Length - 1;
    }

    public double LogDensity(int k, double x) => Math.Log(Math.Max(probabilities[k][(int)x], 1e-300));
}

/// <summary>
/// A Parzen estimator as Optuna's TPE builds it: one kernel per observation (weighted by recency once there are more
/// than 25) plus a prior kernel, over one dimension (univariate) or several sharing the kernel index (multivariate).
/// </summary>
internal sealed class ParzenEstimator(IReadOnlyList<IKernels> dims, double[] logWeights)
{
    public double[] Sample(SplitMix64 rng)
    {
        var u = rng.NextDouble();
        var k = 0;
        for (; k < logWeights.Length - 1; k++)
            if ((u -= Math.Exp(logWeights[k])) < 0) break;
        return dims.Select(d => d.Sample(k, rng)).ToArray();
    }

    public double LogDensity(double[] x)
    {
        var terms = new double[logWeights.Length];
        for (var k = 0; k < terms.Length; k++)
        {
            terms[k] = logWeights[k];
            for (var d = 0; d < dims.Count; d++) terms[k] += dims[d].LogDensity(k, x[d]);
        }
        var max = terms.Max();
        return max + Math.Log(terms.Sum(t => Math.Exp(t - max)));
    }

    /// <summary>Kernels over <paramref name="space"/> from observations (internal values, oldest first).</summary>
    public static ParzenEstimator Build(IReadOnlyList<TpeAxis> space, IReadOnlyList<double[]> observations, TpeOptions options)
    {
        var n = observations.Count;
        var weights = RecencyWeights(n).Append(options.PriorWeight).ToArray();
        var total = weights.Sum();
        var dims = new List<IKernels>();
        for (var d = 0; d < space.Count; d++)
        {
            var values = observations.Select(o => o[d]).ToArray();
            dims.Add(space[d].Categories is { } count
                ? Categorical(values, count, options.PriorWeight)
                : Numeric(values, space[d].Low, space[d].High, options.Multivariate ? space.Count : 0));
        }
        return new ParzenEstimator(dims, weights.Select(w => Math.Log(w / total)).ToArray());
    }

    /// <summary>Optuna's default_weights: equal below 25 observations, then a ramp from 1/n for the oldest, the newest 25 at 1.</summary>
    private static IEnumerable<double> RecencyWeights(int n)
    {
        if (n < 25) return Enumerable.Repeat(1.0, n);
        var ramp = n - 25;
        return Enumerable.Range(0, ramp).Select(i => ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1)).Concat(Enumerable.Repeat(1.0, 25));
    }

    private static CategoricalKernels Categorical(double[] observed, int count, double priorWeight)
    {
        var kernels = observed.Length + 1;
        var rows = new double[kernels][];
        for (var k = 0; k < kernels; k++)
        {
            var row = Enumerable.Repeat(priorWeight / kernels, count).ToArray();
            if (k < observed.Length) row[(int)observed[k]] += 1;
            var sum = row.Sum();
            rows[k] = row.Select(p => p / sum).ToArray();
        }
        return new CategoricalKernels(rows);
    }

    /// <summary>
    /// Bandwidths: univariate, the larger gap to a neighbour among the sorted centres (the ends use their inner neighbour),
    /// clipped to [range / min(100, 1 + kernels), range] (the "magic clip"); multivariate, Scott-like 0.2·n^(-1/(d+4))·range.
    /// The prior kernel sits in the middle with the whole range as its width.
    /// </summary>
    private static NumericKernels Numeric(double[] observed, double low, double high, int multivariateDims)
    {
        var range = high - low;
        var mus = observed.Append((low + high) / 2).ToArray();
        var sigmas = new double[mus.Length];
        if (multivariateDims > 0)
            Array.Fill(sigmas, 0.2 * Math.Pow(Math.Max(observed.Length, 1), -1.0 / (multivariateDims + 4)) * range);
        else
        {
            var order = Enumerable.Range(0, mus.Length).OrderBy(i => mus[i]).ToArray();
            for (var r = 0; r < order.Length; r++)
            {
                var left = r > 0 ? mus[order[r]] - mus[order[r - 1]] : double.NaN;
                var right = r < order.Length - 1 ? mus[order[r + 1]] - mus[order[r]] : double.NaN;
                var gap = double.IsNaN(left) ? right : double.IsNaN(right) ? left : Math.Max(left, right);
                sigmas[order[r]] = double.IsNaN(gap) ? range : gap;
            }
            var min = range / Math.Min(100, 1 + mus.Length);
            for (var i = 0; i < sigmas.Length; i++) sigmas[i] = Math.Clamp(sigmas[i], min, range);
        }
        sigmas[^1] = range;
        return new NumericKernels(mus, sigmas, low, high);
    }
}
