namespace CoToSweep.Domain.Shapley;

/// <summary>
/// How one phase of an estimator draws: draw d's coalitions (deterministic from the phase seed and d) and how their
/// values become per-player samples. Implementations are immutable so units can be summarized on any thread.
/// </summary>
internal interface IDrawScheme
{
    /// <summary>Marginal-contribution samples each player gets from one draw.</summary>
    int SamplesPerDraw { get; }

    void Coalitions(long draw, List<ulong> into);

    void Score(long draw, Func<ulong, double> value, UnitSink sink);
}

/// <summary>Where a unit's draws put their samples.</summary>
internal sealed class UnitSink(int players, int strata)
{
    public MomentTable Moments { get; } = new(players, strata);

    public double[] Sums { get; } = new double[players];

    public List<Observation> Observations { get; } = [];
}

/// <summary>A phase: <paramref name="Draws"/> draws of one scheme, cut into units of <paramref name="DrawsPerUnit"/>.</summary>
internal sealed record DrawPhase(long Draws, int DrawsPerUnit, IDrawScheme Scheme)
{
    public int Units => (int)((Draws + DrawsPerUnit - 1) / DrawsPerUnit);
}

/// <summary>
/// An estimator's plan for one run: the strata its samples fall into, how stratum means combine into φ
/// (φ_i = sum_i + Σ_k weight_k · mean_ik), and its phases. A phase is built only when every unit of
/// the previous phases is merged (a barrier), so a pilot can steer the rest deterministically.
/// </summary>
internal interface IRunDesign
{
    int Strata { get; }

    double Weight(int stratum);

    /// <summary>Strata whose mean is known exactly after one sample (e.g. the empty coalition): no variance.</summary>
    bool IsExact(int stratum);

    /// <summary>Phase <paramref name="phase"/>, built from what earlier phases merged; null when there is none.</summary>
    DrawPhase? Phase(int phase, ShapleyRun merged);
}
