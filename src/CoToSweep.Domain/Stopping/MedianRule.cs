namespace CoToSweep.Domain.Stopping;

/// <summary>
/// Median stopping (Optuna's MedianPruner, Golovin et al.'s median rule): from <c>grace_steps</c> on, a trial whose best
/// value so far is worse than the median of the other trials' values at the same step is stopped. Another trial's value
/// at step s is its last report at or before s, counted only once it has reached s; at least <c>min_trials</c> needed.
/// </summary>
public sealed class MedianRule : IStoppingRule
{
    public string Name => "median";

    public string? Decide(EarlyStoppingSpec spec, StoppingInput input)
    {
        var (step, _) = input.Trial.Points[^1];
        if (step < spec.GraceSteps) return null;
        var best = input.Trial.Points.Min(p => p.Loss);
        var others = input.Others.Where(o => o.Points.Any(p => p.Step >= step))
            .Select(o => o.Points.Where(p => p.Step <= step).Select(p => (double?)p.Loss).LastOrDefault())
            .OfType<double>().ToList();
        if (others.Count < Math.Max(1, spec.MinTrials)) return null;
        var median = Percentile.Of(others, 50);
        return best > median ? $"early stopping (median): {Show(best)} at step {step} is worse than the median {Show(median)} of {others.Count} trials" : null;
    }

    internal static string Show(double loss) => Sweeps.ParamValue.FormatNumber(Math.Round(loss, 6));
}
