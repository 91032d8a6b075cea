namespace CoToSweep.Domain.Shapley;

/// <summary>
/// What to estimate: <paramref name="SamplesPerPlayer"/> marginal-contribution samples per player (a permutation
/// gives one per player, an antithetic pair two; exact ignores it), drawn from the stream named by
/// <paramref name="Seed"/>. <paramref name="DrawsPerUnit"/> fixes how the work is cut into numbered units; the
/// answer depends on the seed and the unit size, never on who computed which unit.
/// </summary>
public sealed record ShapleyRequest(int Players, int SamplesPerPlayer, ulong Seed, int DrawsPerUnit = 8)
{
    public void Validate()
    {
        Coalitions.CheckPlayers(Players);
        if (SamplesPerPlayer < 1) throw new ArgumentOutOfRangeException(nameof(SamplesPerPlayer), "samples per player must be at least 1");
        if (DrawsPerUnit < 1) throw new ArgumentOutOfRangeException(nameof(DrawsPerUnit), "draws per unit must be at least 1");
    }
}

/// <summary>
/// φ with standard errors (NaN where a stratum has fewer than two samples), the distinct coalitions evaluated in
/// the merged units, the marginal-contribution samples each player received, and the units merged.
/// </summary>
public sealed record ShapleyEstimate(
    string Method,
    IReadOnlyList<double> Values,
    IReadOnlyList<double> StdErrors,
    long Evaluations,
    long SamplesPerPlayer,
    int Units);
