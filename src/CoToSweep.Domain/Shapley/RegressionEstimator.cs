namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Regression-adjusted Monte Carlo (arXiv 2506.11849) on size strata: a linear + pairwise surrogate v̂ (closed-form
/// φ_i = a_i + ½ Σ_j b_ij and closed-form mean marginal per size) serves as a control variate, so each sample is
/// Δv − Δv̂ + E[Δv̂ | size] and only the residual v − v̂ is left to Monte Carlo. The surrogate used in a phase is
/// fitted on the coalitions of earlier phases only (held out from that phase's draws), so it is fixed before any of
/// its samples is drawn and the estimate stays unbiased however good the fit is; it is refitted at each barrier on
/// everything evaluated so far, so no evaluation is spent on a pilot that is then thrown away.
/// Samples are unpaired on purpose: pairing a marginal with its complement already cancels every pairwise term,
/// which would leave a pairwise surrogate nothing to remove.
/// </summary>
public sealed class RegressionEstimator(int refits = 3, double pilotShare = 0.25) : IShapleyEstimator
{
    public string Method => "regression";

    public ShapleyRun Start(ShapleyRequest request)
    {
        request.Validate();
        var n = request.Players;
        var strata = new SizeStrata(n, Paired: false);
        var draws = Math.Max(request.SamplesPerPlayer, StratifiedPhases.MinimumDraws(strata));
        var phases = new StratifiedPhases(strata, draws, DrawRandom.PhaseSeed(request.Seed, Method, 0), request.DrawsPerUnit,
            mainPhases: refits, controlAt: merged => PairwiseSurrogate.Fit(n, merged.Observations), observe: true, pilotShare);
        return new ShapleyRun(Method, n, new StratifiedDesign(strata, phases));
    }
}
