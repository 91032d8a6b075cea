using CoToSweep.Domain.Search;

namespace CoToSweep.Domain.Shapley.Games;

/// <summary>
/// A game given by a few Harsanyi dividends (Möbius terms) over neighbouring layers — importances, pair synergies,
/// triple and quadruple redundancies — so its Shapley values are closed-form (each dividend is shared equally by its
/// players) at any size. Unlike <see cref="LayerGame"/> it has no saturation, the case where pairing marginals with
/// their complements (antithetic) already does well: a counterweight in the benchmark.
/// </summary>
public sealed class SparseGame : ICoalitionGame
{
    private readonly (ulong Mask, double Dividend)[] _terms;

    public SparseGame(int players, ulong seed)
    {
        Players = Coalitions.CheckPlayers(players);
        var rng = new SplitMix64(seed);
        var terms = new List<(ulong, double)>();
        for (var i = 0; i < players; i++)
        {
            terms.Add((1UL << i, (0.5 + (double)i / players) * (0.5 + rng.NextDouble()) / players));
            if (i + 1 < players) terms.Add((3UL << i, 0.3 * rng.NextDouble() / players));
            if (i + 2 < players) terms.Add((7UL << i, -0.4 * rng.NextDouble() / players));
            if (i + 3 < players && i % 2 == 0) terms.Add((15UL << i, 0.6 * (rng.NextDouble() - 0.5) / players));
        }
        _terms = terms.ToArray();
        Truth = new double[players];
        foreach (var (mask, dividend) in _terms)
            for (var i = 0; i < players; i++)
                if (Coalitions.Contains(mask, i)) Truth[i] += dividend / Coalitions.Size(mask);
    }

    public int Players { get; }

    /// <summary>φ_i = Σ_{T∋i} c_T / |T|.</summary>
    public double[] Truth { get; }

    public double Value(ulong coalition)
    {
        var value = 0.1;
        foreach (var (mask, dividend) in _terms)
            if ((coalition & mask) == mask) value += dividend;
        return value;
    }
}
