namespace CoToSweep.Domain.Shapley.Games;

/// <summary>
/// Reference Shapley values by plain enumeration, without caches or work units: used for ground truth of
/// synthetic games up to about 26 players (2^n evaluations, n additions each).
/// </summary>
public static class ExactShapley
{
    public static double[] Enumerate(ICoalitionGame game)
    {
        var n = game.Players;
        if (n > ExactEstimator.MaxPlayers) throw new ArgumentOutOfRangeException(nameof(game), $"at most {ExactEstimator.MaxPlayers} players");
        var inWeight = new double[n + 1];
        var outWeight = new double[n + 1];
        for (var s = 0; s <= n; s++)
        {
            if (s > 0) inWeight[s] = 1 / (n * Binomial(n - 1, s - 1));
            if (s < n) outWeight[s] = 1 / (n * Binomial(n - 1, s));
        }
        var phi = new double[n];
        for (var mask = 0UL; mask < 1UL << n; mask++)
        {
            var v = game.Value(mask);
            var size = Coalitions.Size(mask);
            double plus = inWeight[size] * v, minus = outWeight[size] * v;
            for (var i = 0; i < n; i++) phi[i] += (mask & (1UL << i)) != 0 ? plus : -minus;
        }
        return phi;
    }

    private static double Binomial(int n, int k)
    {
        double result = 1;
        for (var j = 1; j <= k; j++) result = result * (n - k + j) / j;
        return result;
    }
}
