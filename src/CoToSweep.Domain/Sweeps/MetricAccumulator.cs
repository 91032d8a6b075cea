namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// Folds a trial's metric reports: the last value of every metric, and the objective's value under
/// <c>objective.use</c> (last, or best in the objective's direction). A NaN anywhere fails the trial.
/// </summary>
public sealed class MetricAccumulator(ObjectiveSpec objective)
{
    private readonly Dictionary<string, double> _last = new();
    private double _best = double.NaN;

    public IReadOnlyDictionary<string, double> Last => _last;

    /// <summary>The first metric that was NaN, if any (a NaN loss is a failed trial).</summary>
    public string? NaNMetric { get; private set; }

    public void Add(IReadOnlyDictionary<string, double> metrics)
    {
        foreach (var (name, value) in metrics)
        {
            if (double.IsNaN(value)) NaNMetric ??= name;
            _last[name] = value;
            if (name == objective.Metric && objective.IsBetter(value, _best)) _best = value;
        }
    }

    /// <summary>The trial's objective value, or null when it never reported the objective metric.</summary>
    public double? Objective => objective.Use == MetricUse.Best
        ? (double.IsNaN(_best) ? null : _best)
        : _last.TryGetValue(objective.Metric, out var v) ? v : null;
}
