namespace CoToSweep.Domain.Shapley.Bench;

/// <summary>One sample size: mean distinct evaluations, root-mean-square relative error ‖φ̂ − φ‖/‖φ‖ over seeds,
/// and how often the 95% intervals covered the true φ_i (are the error bars honest?).</summary>
public sealed record BenchPoint(int Samples, double Evaluations, double RelativeError, double Coverage);

/// <summary>
/// A method's error-versus-cost curve and, interpolated on it, the evaluations needed to reach the target. When the
/// smallest run a method can do (its pilot) already beats the target, <see cref="AtMinimum"/> is set: the figure is
/// then an upper bound on what the method needs.
/// </summary>
public sealed record BenchCurve(string Method, IReadOnlyList<BenchPoint> Points, double? EvaluationsToTarget)
{
    public bool AtMinimum => EvaluationsToTarget is not null && Points.Count(p => p.Evaluations < EvaluationsToTarget) == 0;
}

/// <summary>
/// Measures how many distinct coalition evaluations each estimator needs to reach a relative error: doubles the
/// samples per player until the RMS relative error over the seeds is below the target, then interpolates
/// log-log between the last two sizes.
/// </summary>
public static class ShapleyBench
{
    public static BenchCurve Measure(IShapleyEstimator estimator, BenchGame bench, double targetRelativeError,
        int seeds, int maxSamples, ulong seedBase = 0)
    {
        var points = new List<BenchPoint>();
        var truthNorm = Math.Sqrt(bench.Truth.Sum(t => t * t));
        for (var samples = 2; samples <= maxSamples; samples *= 2)
        {
            double squared = 0, evaluations = 0;
            int covered = 0, intervals = 0;
            for (var s = 0; s < seeds; s++)
            {
                var estimate = ShapleyDriver.Run(estimator, new ShapleyRequest(bench.Game.Players, samples, seedBase + (ulong)s), bench.Game);
                evaluations += estimate.Evaluations;
                for (var i = 0; i < bench.Truth.Count; i++)
                {
                    var error = estimate.Values[i] - bench.Truth[i];
                    squared += error * error;
                    intervals++;
                    if (Math.Abs(error) <= 1.96 * estimate.StdErrors[i]) covered++;
                }
            }
            points.Add(new BenchPoint(samples, evaluations / seeds, Math.Sqrt(squared / seeds) / truthNorm, (double)covered / intervals));
            if (points[^1].RelativeError <= targetRelativeError) break;
        }
        return new BenchCurve(estimator.Method, points, Interpolate(points, targetRelativeError));
    }

    private static double? Interpolate(List<BenchPoint> points, double target)
    {
        var last = points[^1];
        if (last.RelativeError > target) return null;
        if (points.Count == 1) return last.Evaluations;
        var before = points[^2];
        // error ∝ evaluations^slope between the two sizes that bracket the target
        var slope = Math.Log(last.RelativeError / before.RelativeError) / Math.Log(last.Evaluations / before.Evaluations);
        if (!double.IsFinite(slope) || slope >= 0) return last.Evaluations;
        return before.Evaluations * Math.Pow(target / before.RelativeError, 1 / slope);
    }
}
