using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Stopping;

/// <summary>
/// Asynchronous successive halving (Li et al. 2020; Ray Tune's ASHAScheduler): rungs at grace_steps · reduction^k below
/// max_steps. When a report first crosses a rung (the highest it crosses, if several), the trial's value there is
/// compared with the other configurations' values at that rung, recorded before it (a configuration's trials counted
/// once, at their mean): outside the best 1/reduction of them it is stopped, otherwise it is promoted and goes on. The
/// first configuration at a rung always goes on.
/// </summary>
public sealed class AshaRule : IStoppingRule
{
    public string Name => "asha";

    public string? Decide(EarlyStoppingSpec spec, StoppingInput input)
    {
        var rungs = Rungs(spec);
        var points = input.Trial.Points;
        if (points.Count == 0) return null;
        var before = points.Count > 1 ? HighestRung(rungs, points[^2].Step) : -1;
        var now = HighestRung(rungs, points[^1].Step);
        if (now <= before) return null;   // no new rung crossed by this report
        var recorded = RungByConfiguration(input, rungs, now);
        if (recorded.Count == 0) return null;
        var cutoff = Percentile.Of(recorded, 100.0 / spec.Reduction);
        var loss = points[^1].Loss;
        return loss > cutoff
            ? $"early stopping (asha): {MedianRule.Show(loss)} at rung {rungs[now]} is outside the best 1/{spec.Reduction} of {recorded.Count} other configuration{(recorded.Count == 1 ? "" : "s")} (cutoff {MedianRule.Show(cutoff)})"
            : null;
    }

    /// <summary>
    /// What the trial competes with at rung k: one value per other configuration, the mean of what its trials recorded
    /// there. ASHA ranks configurations; counted per trial, a configuration run under several seeds, or proposed again
    /// and again by an adaptive sampler, would fill the best 1/reduction of the rung with itself and stop every
    /// configuration that starts slower than it, the better ones included.
    /// </summary>
    private static List<double> RungByConfiguration(StoppingInput input, IReadOnlyList<long> rungs, int k) =>
        input.Others.Where(o => !SameConfiguration.Instance.Equals(o.Params, input.Trial.Params))
            .Select(o => (o.Params, Value: RecordedAt(rungs, o.Points, k)))
            .Where(x => x.Value is not null)
            .GroupBy(x => x.Params, SameConfiguration.Instance)
            .Select(g => g.Average(x => x.Value!.Value)).ToList();

    public static IReadOnlyList<long> Rungs(EarlyStoppingSpec spec)
    {
        var rungs = new List<long>();
        for (var r = Math.Max(1, spec.GraceSteps); r < (spec.MaxSteps ?? long.MaxValue) && rungs.Count < 64; r *= spec.Reduction) rungs.Add(r);
        return rungs;
    }

    private static int HighestRung(IReadOnlyList<long> rungs, long step)
    {
        var k = -1;
        while (k + 1 < rungs.Count && rungs[k + 1] <= step) k++;
        return k;
    }

    /// <summary>The value a trial recorded at rung k: its report that first made rung k its highest rung crossed, if any.</summary>
    private static double? RecordedAt(IReadOnlyList<long> rungs, IReadOnlyList<(long Step, double Loss)> points, int k)
    {
        var highest = -1;
        foreach (var (step, loss) in points)
        {
            var h = HighestRung(rungs, step);
            if (h > highest && h == k) return loss;
            highest = Math.Max(highest, h);
        }
        return null;
    }
}
