namespace CoToSweep.Training.Coto;

/// <summary>
/// Draws which adapter groups are active at one optimizer step: independent Bernoulli(p_g) per group, conditioned on
/// at least one being active, sampled directly (no redraw loop) so that p = 0 is allowed.
/// </summary>
public static class CotoGate
{
    /// <summary>Equal probabilities: K ~ Binomial(G, p) | K ≥ 1 by inverse CDF, then K groups chosen uniformly.</summary>
    public static bool[] Draw(int groups, double p, Random rng)
    {
        var k = TruncatedBinomial(groups, p, rng.NextDouble());
        var order = Enumerable.Range(0, groups).ToArray();
        // Partial Fisher–Yates: the first k entries are a uniform k-subset.
        for (var i = 0; i < k; i++)
        {
            var j = i + rng.Next(groups - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var mask = new bool[groups];
        for (var i = 0; i < k; i++) mask[order[i]] = true;
        return mask;
    }

    /// <summary>
    /// Unequal probabilities (the orders): the same conditional law, sampled as "the first active group is j" with
    /// P(j) ∝ p_j·Π_{i&lt;j}(1 − p_i), then the groups after j independently. With every p_g = 0 one group is chosen
    /// uniformly, the limit of the equal case.
    /// </summary>
    public static bool[] Draw(IReadOnlyList<double> p, Random rng)
    {
        var g = p.Count;
        if (p.Distinct().Count() == 1) return Draw(g, p[0], rng);
        var mask = new bool[g];
        var firstWeights = new double[g];
        var none = 1.0;
        for (var i = 0; i < g; i++) { firstWeights[i] = none * p[i]; none *= 1 - p[i]; }
        var total = firstWeights.Sum();
        int first;
        if (total <= 0) first = rng.Next(g);
        else
        {
            var u = rng.NextDouble() * total;
            first = 0;
            while (first < g - 1 && (u -= firstWeights[first]) >= 0) first++;
            if (firstWeights[first] <= 0) first = Array.FindLastIndex(firstWeights, w => w > 0); // rounding at a boundary
        }
        mask[first] = true;
        for (var i = first + 1; i < g; i++) mask[i] = rng.NextDouble() < p[i];
        return mask;
    }

    /// <summary>The rate at which a group is active under the conditional law: p / (1 − (1 − p)^G) (1/G at p = 0).</summary>
    public static double ActivationRate(int groups, double p) => p <= 0 ? 1.0 / groups : p / (1 - Math.Pow(1 - p, groups));

    /// <summary>Inverse CDF of Binomial(n, p) restricted to k ≥ 1, at uniform u.</summary>
    public static int TruncatedBinomial(int n, double p, double u)
    {
        if (p <= 0) return 1;
        if (p >= 1) return n;
        var pmf = new double[n + 1];
        pmf[0] = Math.Pow(1 - p, n);
        for (var k = 1; k <= n; k++) pmf[k] = pmf[k - 1] * (n - k + 1) / k * p / (1 - p);
        var mass = 1 - pmf[0];
        var target = u * mass;
        var acc = 0.0;
        for (var k = 1; k <= n; k++)
        {
            acc += pmf[k];
            if (target < acc) return k;
        }
        return n;
    }
}
