using CoToSweep.Domain.Shapley;

namespace CoToSweep.Domain.Tests.Shapley;

/// <summary>Games with Shapley values known in closed form (or by an independent count).</summary>
public static class KnownGames
{
    /// <summary>u_T(S) = 1 if T ⊆ S: φ_i = 1/|T| for i in T, 0 otherwise.</summary>
    public static (ICoalitionGame Game, double[] Phi) Unanimity(int n, params int[] carrier)
    {
        var t = carrier.Aggregate(0UL, (m, i) => m | 1UL << i);
        var phi = new double[n];
        foreach (var i in carrier) phi[i] = 1.0 / carrier.Length;
        return (new DelegateGame(n, s => (s & t) == t ? 1 : 0), phi);
    }

    /// <summary>
    /// Airport game: v(S) = max cost of a player in S (the runway the largest plane needs). With costs sorted
    /// ascending, φ_i = Σ_{k≤i} (c_k − c_{k−1}) / (n − k) (0-based k, c_{−1} = 0): each runway segment is shared
    /// equally by the planes that need it.
    /// </summary>
    public static (ICoalitionGame Game, double[] Phi) Airport(params double[] sortedCosts)
    {
        var n = sortedCosts.Length;
        var phi = new double[n];
        for (var i = 0; i < n; i++)
            for (var k = 0; k <= i; k++)
                phi[i] += (sortedCosts[k] - (k == 0 ? 0 : sortedCosts[k - 1])) / (n - k);
        return (new DelegateGame(n, s =>
        {
            double max = 0;
            for (var i = 0; i < n; i++)
                if ((s & 1UL << i) != 0) max = Math.Max(max, sortedCosts[i]);
            return max;
        }), phi);
    }

    /// <summary>
    /// Weighted majority [quota; w]: v(S) = 1 if w(S) ≥ quota. Reference φ by counting, for each size s, the
    /// coalitions of the other players where i is pivotal (a subset-sum count, independent of the estimators):
    /// φ_i = Σ_s s!(n−s−1)!/n! · #{S ⊆ N∖i : |S| = s, quota − w_i ≤ w(S) &lt; quota}.
    /// </summary>
    public static (ICoalitionGame Game, double[] Phi) WeightedMajority(int quota, params int[] weights)
    {
        var n = weights.Length;
        var phi = new double[n];
        var total = weights.Sum();
        for (var i = 0; i < n; i++)
        {
            var count = new double[n, total + 1]; // count[size, weight] over players other than i
            count[0, 0] = 1;
            for (var j = 0; j < n; j++)
            {
                if (j == i) continue;
                for (var s = n - 1; s >= 1; s--)
                    for (var w = total; w >= weights[j]; w--)
                        count[s, w] += count[s - 1, w - weights[j]];
            }
            for (var s = 0; s < n; s++)
            {
                var share = 1.0 / (n * Binomial(n - 1, s));
                for (var w = Math.Max(0, quota - weights[i]); w < quota && w <= total; w++) phi[i] += share * count[s, w];
            }
        }
        return (new DelegateGame(n, s =>
        {
            var w = 0;
            for (var i = 0; i < n; i++)
                if ((s & 1UL << i) != 0) w += weights[i];
            return w >= quota ? 1 : 0;
        }), phi);
    }

    /// <summary>A game of given Möbius terms c_T: φ_i = Σ_{T∋i} c_T / |T| (the Harsanyi dividends shared equally).</summary>
    public static (ICoalitionGame Game, double[] Phi) Dividends(int n, double constant, params (int[] Players, double Dividend)[] terms)
    {
        var phi = new double[n];
        foreach (var (players, dividend) in terms)
            foreach (var i in players) phi[i] += dividend / players.Length;
        var masks = terms.Select(t => (Mask: t.Players.Aggregate(0UL, (m, i) => m | 1UL << i), t.Dividend)).ToArray();
        return (new DelegateGame(n, s => constant + masks.Where(t => (s & t.Mask) == t.Mask).Sum(t => t.Dividend)), phi);
    }

    /// <summary>Linear plus pairwise terms only: antithetic, paired stratified and regression are exact on it.</summary>
    public static (ICoalitionGame Game, double[] Phi) Pairwise(int n, ulong seed)
    {
        var rng = new Domain.Search.SplitMix64(seed);
        var terms = new List<(int[], double)>();
        for (var i = 0; i < n; i++) terms.Add(([i], rng.NextDouble()));
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++) terms.Add(([i, j], rng.NextDouble() - 0.5));
        return Dividends(n, 0.3, terms.ToArray());
    }

    private static double Binomial(int n, int k)
    {
        double result = 1;
        for (var j = 1; j <= k; j++) result = result * (n - k + j) / j;
        return result;
    }
}
