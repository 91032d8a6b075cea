namespace CoToSweep.Domain.Shapley;

/// <summary>A run over size strata: φ_i = Σ_k w_k · mean_ik, phases from <see cref="StratifiedPhases"/>.</summary>
internal sealed class StratifiedDesign(SizeStrata strata, StratifiedPhases phases) : IRunDesign
{
    public int Strata => strata.Count;

    public double Weight(int stratum) => strata.Weight(stratum);

    public bool IsExact(int stratum) => strata.IsExact(stratum);

    public DrawPhase? Phase(int phase, ShapleyRun merged) => phases.Phase(phase, merged);
}
