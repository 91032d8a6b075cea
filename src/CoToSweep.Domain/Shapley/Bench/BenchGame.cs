using CoToSweep.Domain.Shapley.Games;

namespace CoToSweep.Domain.Shapley.Bench;

/// <summary>
/// A game to benchmark on, with its true Shapley values. The plug-in point: a synthetic game today, a trained
/// adapter model evaluated under masks (truth from exact enumeration or a long run) later.
/// </summary>
public sealed record BenchGame(string Name, ICoalitionGame Game, IReadOnlyList<double> Truth)
{
    /// <summary>The synthetic layer-like game (<see cref="LayerGame"/>), truth by enumeration.</summary>
    public static BenchGame Layers(int players, ulong seed)
    {
        var game = new LayerGame(players, seed);
        return new BenchGame($"layers-{players}", game, ExactShapley.Enumerate(game));
    }

    /// <summary>The sparse-dividend game (<see cref="SparseGame"/>), truth in closed form.</summary>
    public static BenchGame Sparse(int players, ulong seed)
    {
        var game = new SparseGame(players, seed);
        return new BenchGame($"sparse-{players}", game, game.Truth);
    }
}
