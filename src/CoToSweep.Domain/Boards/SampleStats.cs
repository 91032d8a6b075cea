using MathNet.Numerics.Distributions;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// Summary of one metric over a configuration's seeds: n, mean, sample standard deviation (n − 1) and the
/// two-sided 95% Student-t interval of the mean, mean ± t(0.975, n − 1)·s/√n. Std and interval need n ≥ 2.
/// </summary>
public sealed record SampleStats(int N, double? Mean, double? Std, double? Ci95Low, double? Ci95High)
{
    public const double Confidence = 0.95;

    public static SampleStats Of(IReadOnlyCollection<double> values)
    {
        var n = values.Count;
        if (n == 0) return new SampleStats(0, null, null, null, null);
        var mean = values.Average();
        if (n < 2) return new SampleStats(1, mean, null, null, null);
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var half = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - Confidence) / 2) * std / Math.Sqrt(n);
        return new SampleStats(n, mean, std, mean - half, mean + half);
    }
}
