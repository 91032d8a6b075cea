namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Size-stratified sampling (Maleki et al. 2013; Stratified SVARM, Kolpaczki et al. 2024): one running estimate per
/// (player, coalition size), paired coalitions (A with its complement in N \ {i}), exact border strata, and Neyman
/// allocation of the remaining draws from a pilot. Unbiased; standard errors add the strata's variances.
/// Each draw gives each player two samples; the border strata and at least two pilot draws per stratum come first,
/// so very small sample requests are rounded up to that minimum.
/// </summary>
public sealed class StratifiedEstimator : IShapleyEstimator
{
    public string Method => "stratified";

    public ShapleyRun Start(ShapleyRequest request)
    {
        request.Validate();
        var strata = new SizeStrata(request.Players, Paired: true);
        var draws = Math.Max((request.SamplesPerPlayer + 1) / 2, StratifiedPhases.MinimumDraws(strata));
        var phases = new StratifiedPhases(strata, draws, DrawRandom.PhaseSeed(request.Seed, Method, 0), request.DrawsPerUnit);
        return new ShapleyRun(Method, request.Players, new StratifiedDesign(strata, phases));
    }
}
