namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Evaluates each distinct coalition once: evaluating a trained model under a mask is the expensive part, so
/// cache hits are free and <see cref="Evaluations"/> counts distinct coalitions only.
/// </summary>
public sealed class CoalitionCache(ICoalitionGame game) : ICoalitionGame
{
    private readonly Dictionary<ulong, double> _values = new();

    public int Players => game.Players;

    public long Evaluations => _values.Count;

    public double Value(ulong coalition)
    {
        if (!_values.TryGetValue(coalition, out var value))
        {
            value = game.Value(coalition);
            _values[coalition] = value;
        }
        return value;
    }
}
