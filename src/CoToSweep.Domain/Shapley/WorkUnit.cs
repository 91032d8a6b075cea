namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Unit <paramref name="Index"/> of an estimate: the distinct coalitions whose values it needs, deterministic
/// from the seed, the index and (after a pilot barrier) what earlier units merged. A worker evaluates exactly
/// these coalitions, in this order, and sends the values back.
/// </summary>
public sealed record WorkUnit(int Index, int Phase, long FirstDraw, int Draws, IReadOnlyList<ulong> Coalitions);

/// <summary>A marginal contribution v(A ∪ i) − v(A) seen by an earlier phase (kept for fitting a surrogate).</summary>
public readonly record struct Observation(int Player, ulong Without, double Marginal);

/// <summary>
/// What one unit adds to an estimate, computed from its coalition values alone; <see cref="ShapleyRun.Merge"/>
/// folds these in unit order.
/// </summary>
public sealed record UnitStatistics(
    int Index,
    IReadOnlyList<ulong> Coalitions,
    MomentTable Moments,
    double[] Sums,
    IReadOnlyList<Observation> Observations,
    long SamplesPerPlayer);
