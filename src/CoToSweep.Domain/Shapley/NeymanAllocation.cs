namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Splits draws over strata. Draws are shared by all players, so stratum k gets draws ∝ w_k · √(Σ_i σ²_ik) — the
/// Neyman allocation for the sum of the players' variances — with σ from the pilot. A small share stays uniform so
/// that a stratum whose pilot happened to look constant still gets samples (its error bar stays honest).
/// </summary>
internal static class NeymanAllocation
{
    private const double Defensive = 0.1;

    public static int[] Allocate(MomentTable pilot, SizeStrata strata, int draws)
    {
        var candidates = Enumerable.Range(0, strata.Count).Where(k => !strata.IsExact(k)).ToArray();
        var scores = new double[strata.Count];
        foreach (var k in candidates)
        {
            double sum = 0;
            for (var i = 0; i < pilot.Players; i++)
            {
                var variance = pilot[i, k].Variance;
                if (double.IsFinite(variance)) sum += variance;
            }
            scores[k] = strata.Weight(k) * Math.Sqrt(sum);
        }
        var total = scores.Sum();
        var counts = new int[strata.Count];
        if (candidates.Length == 0 || draws <= 0) return counts;
        var shares = new double[strata.Count];
        foreach (var k in candidates)
        {
            var uniform = strata.Weight(k) / candidates.Sum(strata.Weight);
            shares[k] = total > 0 ? (1 - Defensive) * scores[k] / total + Defensive * uniform : uniform;
        }
        return LargestRemainder(shares, draws);
    }

    /// <summary>Integer counts summing to <paramref name="draws"/>, nearest to the shares (ties to the lower index).</summary>
    public static int[] LargestRemainder(double[] shares, int draws)
    {
        var counts = shares.Select(s => (int)Math.Floor(s * draws)).ToArray();
        var left = draws - counts.Sum();
        foreach (var k in Enumerable.Range(0, shares.Length).OrderByDescending(k => shares[k] * draws - counts[k]).ThenBy(k => k).Take(left))
            counts[k]++;
        return counts;
    }

    /// <summary>Interleaves strata so that any prefix of the schedule is close to proportional (for early stopping).</summary>
    public static List<int> Schedule(int[] counts)
    {
        var total = counts.Sum();
        var schedule = new List<int>(total);
        var given = new int[counts.Length];
        for (var j = 0; j < total; j++)
        {
            int best = -1;
            double bestLag = double.NegativeInfinity;
            for (var k = 0; k < counts.Length; k++)
            {
                if (given[k] == counts[k]) continue;
                var lag = (double)counts[k] * (j + 1) / total - given[k];
                if (lag > bestLag) (best, bestLag) = (k, lag);
            }
            given[best]++;
            schedule.Add(best);
        }
        return schedule;
    }
}
