namespace CoToSweep.Domain.Shapley;

/// <summary>
/// A cooperative game on players 0..Players-1: the value of a coalition given as a bitmask (bit i set = player i
/// active). For adapter groups, v(S) is the metric of the model with only the groups in S enabled.
/// </summary>
public interface ICoalitionGame
{
    int Players { get; }

    double Value(ulong coalition);
}

/// <summary>A game given by a delegate; handy for closed-form games and tests.</summary>
public sealed class DelegateGame(int players, Func<ulong, double> value) : ICoalitionGame
{
    public int Players { get; } = Coalitions.CheckPlayers(players);

    public double Value(ulong coalition) => value(coalition);
}
