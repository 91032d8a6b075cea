namespace CoToSweep.Domain.Stopping;

/// <summary>Percentiles with linear interpolation between order statistics (numpy's default).</summary>
public static class Percentile
{
    public static double Of(IReadOnlyList<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
