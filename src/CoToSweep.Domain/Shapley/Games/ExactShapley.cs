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
        var weights = new ShapleyWeights(n);
        var phi = new double[n];
        for (var mask = 0UL; mask < 1UL << n; mask++)
        {
            var v = game.Value(mask);
            var size = Coalitions.Size(mask);
            double plus = weights.In[size] * v, minus = weights.Out[size] * v;
            for (var i = 0; i < n; i++) phi[i] += (mask & (1UL << i)) != 0 ? plus : -minus;
        }
        return phi;
    }
}
