namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Running count, mean and sum of squared deviations (Welford), mergeable with Chan et al.'s pairwise formula so
/// statistics computed by different workers combine into those of the union. Merging in a fixed order makes the
/// result bit-for-bit reproducible.
/// </summary>
public readonly record struct Welford(long Count, double Mean, double M2)
{
    public Welford Add(double x)
    {
        var count = Count + 1;
        var delta = x - Mean;
        var mean = Mean + delta / count;
        return new Welford(count, mean, M2 + delta * (x - mean));
    }

    public Welford Merge(Welford other)
    {
        if (other.Count == 0) return this;
        if (Count == 0) return other;
        var count = Count + other.Count;
        var delta = other.Mean - Mean;
        var mean = Mean + delta * other.Count / count;
        return new Welford(count, mean, M2 + other.M2 + delta * delta * ((double)Count * other.Count / count));
    }

    /// <summary>Unbiased sample variance; NaN with fewer than two samples.</summary>
    public double Variance => Count > 1 ? M2 / (Count - 1) : double.NaN;

    /// <summary>Variance of the mean estimate.</summary>
    public double VarianceOfMean => Count > 1 ? Variance / Count : double.NaN;
}
