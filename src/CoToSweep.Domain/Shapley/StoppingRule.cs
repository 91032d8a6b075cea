namespace CoToSweep.Domain.Shapley;

/// <summary>
/// When to stop early, checked only between merged units so the answer does not depend on worker timing: every
/// player's confidence half-width (z · standard error) is at most <paramref name="TargetHalfWidth"/>, or the
/// distinct evaluations reach <paramref name="MaxEvaluations"/> (so a run may overshoot the budget by one unit).
/// Half-widths count only once each player has <paramref name="MinSamplesPerPlayer"/> samples, because a
/// standard error from a handful of samples is itself too noisy to trust.
/// </summary>
public sealed record StoppingRule(double? TargetHalfWidth = null, long? MaxEvaluations = null, double Z = 1.96, long MinSamplesPerPlayer = 16)
{
    public bool ShouldStop(ShapleyEstimate estimate)
    {
        if (MaxEvaluations is { } budget && estimate.Evaluations >= budget) return true;
        if (TargetHalfWidth is not { } target || estimate.SamplesPerPlayer < MinSamplesPerPlayer) return false;
        return estimate.StdErrors.All(se => !double.IsNaN(se) && Z * se <= target);
    }
}
