namespace CoToSweep.Domain.Shapley;

/// <summary>One group's φ with its confidence interval.</summary>
public sealed record GroupShare(string Group, double Value, double StdError, double Low, double High);

/// <summary>Share of Σ|φ| held by the k largest groups.</summary>
public sealed record TopShare(int K, double Share);

/// <summary>
/// The figures of the <c>shapley</c> board: per group φ ± CI (largest first), balance (top-k shares and the Gini
/// coefficient of |φ|: 0 = all groups matter equally, → 1 = one group carries everything) and the efficiency
/// check Σφ = v(N) − v(∅).
/// </summary>
public sealed record ShapleyBalance(
    IReadOnlyList<GroupShare> Groups,
    IReadOnlyList<TopShare> TopShares,
    double Gini,
    double SumOfValues,
    double GrandMinusEmpty,
    double EfficiencyGap)
{
    /// <summary>Computes the figures; <paramref name="z"/> sets the interval (1.96 for 95%). NaN errors give NaN bounds.</summary>
    public static ShapleyBalance Of(IReadOnlyList<string> groups, ShapleyEstimate estimate, double grandValue, double emptyValue,
        IReadOnlyList<int>? topK = null, double z = 1.96)
    {
        if (groups.Count != estimate.Values.Count) throw new ArgumentException("one group name per value");
        var rows = groups.Select((g, i) => new GroupShare(g, estimate.Values[i], estimate.StdErrors[i],
                estimate.Values[i] - z * estimate.StdErrors[i], estimate.Values[i] + z * estimate.StdErrors[i]))
            .OrderByDescending(r => r.Value).ThenBy(r => r.Group, StringComparer.Ordinal).ToArray();
        var magnitudes = estimate.Values.Select(Math.Abs).OrderByDescending(m => m).ToArray();
        var total = magnitudes.Sum();
        var shares = (topK ?? [1, 3, 5]).Where(k => k >= 1).Distinct().Order()
            .Select(k => new TopShare(k, total > 0 ? magnitudes.Take(k).Sum() / total : double.NaN)).ToArray();
        var sum = estimate.Values.Sum();
        return new ShapleyBalance(rows, shares, GiniOf(magnitudes), sum, grandValue - emptyValue, sum - (grandValue - emptyValue));
    }

    /// <summary>Gini of non-negative numbers: mean absolute difference over twice the mean (0 for equal values).</summary>
    public static double GiniOf(IReadOnlyList<double> values)
    {
        var n = values.Count;
        var total = values.Sum();
        if (n == 0 || total <= 0) return 0;
        var sorted = values.Order().ToArray();
        double weighted = 0;
        for (var i = 0; i < n; i++) weighted += (2.0 * (i + 1) - n - 1) * sorted[i];
        return weighted / (n * total);
    }
}
