using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Report;

/// <summary>What several report parts need to know about a sweep: the objective's name, the parameters that vary, labels.</summary>
internal static class SweepFacts
{
    /// <summary>The objective as the boards name it: the metric, or <c>&lt;metric&gt;_best</c> under <c>use: best</c>.</summary>
    public static string ObjectiveName(ObjectiveSpec objective) =>
        objective.Use == MetricUse.Best ? objective.Metric + "_best" : objective.Metric;

    /// <summary>
    /// The parameters whose value differs among the planned trials: searched ones in the order of the search space,
    /// then the others by name. A searched parameter with a single value is left out (there is nothing to plot it against).
    /// </summary>
    public static IReadOnlyList<string> VaryingParams(SweepState state)
    {
        var trials = state.TrialsInOrder.ToList();
        var searched = state.Spec?.Search.Space.Select(d => d.Name).Distinct().ToList() ?? [];
        var others = trials.SelectMany(t => t.Params.Keys).Distinct().Except(searched).Order(StringComparer.Ordinal);
        return searched.Concat(others)
            .Where(name => trials.Select(t => t.Params.TryGetValue(name, out var v) ? v.ToString() : "").Distinct().Count() > 1)
            .ToList();
    }

    /// <summary><c>c3: schedule.shape=linear, lr=0.001</c>: the configuration and its varying parameters.</summary>
    public static string ConfigLabel(TrialRecord trial, IReadOnlyList<string> varying)
    {
        var values = varying.Where(trial.Params.ContainsKey).Select(p => $"{p}={Short(trial.Params[p])}");
        var text = string.Join(", ", values);
        return text.Length == 0 ? $"c{trial.Config}" : $"c{trial.Config}: {text}";
    }

    /// <summary>A parameter value for a label: numbers with four significant digits.</summary>
    public static string Short(ParamValue v) =>
        v.Kind == ParamKind.Number ? v.Number.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : v.ToString();

    /// <summary>Completed trials with an objective value (not NaN), in trial order.</summary>
    public static IReadOnlyList<TrialRecord> Scored(SweepState state) =>
        state.TrialsInOrder.Where(t => t.Status == TrialStatus.Completed && t.Objective is { } v && !double.IsNaN(v)).ToList();

    /// <summary>One metric's values along a trial's curve by step (a later report of the same step wins), NaN left out.</summary>
    public static SortedDictionary<long, double> Series(TrialRecord trial, string metric)
    {
        var points = new SortedDictionary<long, double>();
        foreach (var p in trial.Curve)
            if (p.Metrics.TryGetValue(metric, out var v) && !double.IsNaN(v)) points[p.Step] = v;
        return points;
    }
}
