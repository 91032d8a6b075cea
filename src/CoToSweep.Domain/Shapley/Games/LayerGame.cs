using CoToSweep.Domain.Search;

namespace CoToSweep.Domain.Shapley.Games;

/// <summary>
/// A synthetic stand-in for "accuracy of a model with only these adapter layers active": a logistic of a layer
/// score, so accuracy saturates as layers are added (interactions of every order), where the score has per-layer
/// importances (later layers matter more, with noise), synergy between neighbouring layers, and redundancy among
/// runs of three. Fully determined by (players, seed).
/// </summary>
public sealed class LayerGame : ICoalitionGame
{
    private readonly double[] _importance;
    private readonly double[] _neighbour;
    private readonly double[] _triple;
    private readonly double _threshold;
    private readonly double _steepness;

    public LayerGame(int players, ulong seed, double floor = 0.1, double top = 0.9)
    {
        Players = Coalitions.CheckPlayers(players);
        (Floor, Top) = (floor, top);
        var rng = new SplitMix64(seed);
        _importance = new double[players];
        _neighbour = new double[players];
        _triple = new double[players];
        for (var i = 0; i < players; i++)
        {
            _importance[i] = (0.5 + (double)i / players) * (0.5 + rng.NextDouble());
            _neighbour[i] = 0.3 * rng.NextDouble();
            _triple[i] = -0.25 * rng.NextDouble();
        }
        var total = _importance.Sum() + _neighbour.Sum() + _triple.Sum();
        _threshold = 0.45 * total;
        _steepness = 6.0 / total;
    }

    public int Players { get; }

    public double Floor { get; }

    public double Top { get; }

    public double Value(ulong coalition)
    {
        double score = 0;
        for (var i = 0; i < Players; i++)
        {
            if (!Coalitions.Contains(coalition, i)) continue;
            score += _importance[i];
            if (i + 1 < Players && Coalitions.Contains(coalition, i + 1))
            {
                score += _neighbour[i];
                if (i + 2 < Players && Coalitions.Contains(coalition, i + 2)) score += _triple[i];
            }
        }
        return Floor + (Top - Floor) / (1 + Math.Exp(-_steepness * (score - _threshold)));
    }
}
