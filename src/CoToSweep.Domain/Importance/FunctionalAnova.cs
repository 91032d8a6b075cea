using CoToSweep.Domain.Search;

namespace CoToSweep.Domain.Importance;

/// <summary>
/// Functional ANOVA of a fitted function over independent draws of each parameter from the values the trials took:
/// a parameter's main effect is the variance of its marginal mean f_i(x_i) = E[f | x_i], a pair's the variance of
/// f_ij − f_i − f_j; each is reported as a share of the total variance of f (Hutter et al.'s fANOVA, by Monte Carlo on a
/// quantile grid instead of exactly over the trees' cells).
/// </summary>
internal static class FunctionalAnova
{
    public sealed record Share(IReadOnlyList<int> Features, double Fraction);

    public static IReadOnlyList<Share> Of(Func<float[], double> f, float[][] observed, int samples = 256, int grid = 12, int pairGrid = 6)
    {
        var d = observed[0].Length;
        var rng = new SplitMix64(0xFA17A);
        var basis = Enumerable.Range(0, samples).Select(_ => Enumerable.Range(0, d).Select(k => observed[(int)(rng.NextULong() % (ulong)observed.Length)][k]).ToArray()).ToArray();
        var total = Variance(basis.Select(f).ToList());
        if (total <= 0) return Enumerable.Range(0, d).Select(k => new Share([k], 0)).ToList();
        var grids = Enumerable.Range(0, d).Select(k => Quantiles(observed.Select(r => r[k]), grid)).ToArray();
        var coarse = Enumerable.Range(0, d).Select(k => Quantiles(observed.Select(r => r[k]), pairGrid)).ToArray();

        double Marginal(int[] ks, float[] values, int n) => basis.Take(n).Average(b =>
        {
            var x = (float[])b.Clone();
            for (var i = 0; i < ks.Length; i++) x[ks[i]] = values[i];
            return f(x);
        });

        var shares = new List<Share>();
        for (var k = 0; k < d; k++)
            shares.Add(new Share([k], Variance(grids[k].Select(v => Marginal([k], [v], samples)).ToList()) / total));
        var half = samples / 2;
        for (var i = 0; i < d; i++)
            for (var j = i + 1; j < d; j++)
            {
                var mi = coarse[i].Select(v => Marginal([i], [v], half)).ToArray();
                var mj = coarse[j].Select(v => Marginal([j], [v], half)).ToArray();
                var residual = new List<double>();
                for (var a = 0; a < coarse[i].Length; a++)
                    for (var b = 0; b < coarse[j].Length; b++)
                        residual.Add(Marginal([i, j], [coarse[i][a], coarse[j][b]], half) - mi[a] - mj[b]);
                shares.Add(new Share([i, j], Variance(residual) / total));
            }
        return shares;
    }

    private static float[] Quantiles(IEnumerable<float> values, int count)
    {
        var sorted = values.Order().ToArray();
        return Enumerable.Range(0, count).Select(q => sorted[(int)((q + 0.5) / count * sorted.Length)]).ToArray();
    }

    private static double Variance(IReadOnlyList<double> v)
    {
        var mean = v.Average();
        return v.Sum(x => (x - mean) * (x - mean)) / v.Count;
    }
}
