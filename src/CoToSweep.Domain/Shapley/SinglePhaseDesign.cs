namespace CoToSweep.Domain.Shapley;

/// <summary>A run with one phase and one stratum of weight 1: φ_i is the mean of player i's samples.</summary>
internal sealed class SinglePhaseDesign(DrawPhase phase) : IRunDesign
{
    public int Strata => 1;

    public double Weight(int stratum) => 1;

    public bool IsExact(int stratum) => false;

    public DrawPhase? Phase(int index, ShapleyRun merged) => index == 0 ? phase : null;
}
