using CoToSweep.Domain.Search;

namespace CoToSweep.Domain.Sweeps;

/// <summary>A finished trial's value for each objective, and the same as losses (lower is better) for samplers and fronts.</summary>
public static class ObjectiveValues
{
    /// <summary>The trial's value for one objective: its last report, or the best one under <c>use: best</c>.</summary>
    public static double? ValueOf(TrialRecord t, ObjectiveSpec o)
    {
        if (o.Use == MetricUse.Last) return t.Metrics.TryGetValue(o.Metric, out var last) ? last : null;
        var best = double.NaN;
        foreach (var metrics in t.Curve.Select(p => p.Metrics).Append(t.Metrics))
            if (metrics.TryGetValue(o.Metric, out var v) && o.IsBetter(v, best)) best = v;
        return double.IsNaN(best) ? null : best;
    }

    /// <summary>Every objective's value as a loss, or null when one is missing or not finite.</summary>
    public static IReadOnlyList<double>? Losses(SweepSpec spec, TrialRecord t)
    {
        var objectives = spec.AllObjectives;
        var losses = new double[objectives.Count];
        for (var i = 0; i < losses.Length; i++)
        {
            var v = i == 0 ? t.Objective : ValueOf(t, objectives[i]);
            if (v is not { } value || !double.IsFinite(value)) return null;
            losses[i] = objectives[i].Direction == Direction.Maximize ? -value : value;
        }
        return losses;
    }

    /// <summary>The completed trials with every objective, their Pareto fronts (0 first) and crowding distances.</summary>
    public static IReadOnlyList<(TrialRecord Trial, IReadOnlyList<double> Losses, int Front, double Crowding)> Fronts(SweepState state)
    {
        var scored = state.TrialsInOrder.Where(t => t.Status == TrialStatus.Completed)
            .Select(t => (Trial: t, Losses: Losses(state.Spec!, t))).Where(x => x.Losses is not null).ToList();
        var points = scored.Select(x => x.Losses!).ToList();
        var ranks = Pareto.Ranks(points);
        var crowding = ranks.Distinct().SelectMany(f => Pareto.Crowding(points, Enumerable.Range(0, points.Count).Where(i => ranks[i] == f).ToList()))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        return scored.Select((x, i) => (x.Trial, (IReadOnlyList<double>)x.Losses!, ranks[i], crowding[i])).ToList();
    }
}
