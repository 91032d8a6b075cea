using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// Collects a board's columns with unique names. Fixed columns come first and keep their names; a parameter or
/// metric whose name is already taken is prefixed <c>param:</c> or <c>metric:</c> (rare: a metric called
/// <c>lr</c>, a parameter called <c>seed</c>).
/// </summary>
internal sealed class ColumnSet
{
    private readonly List<BoardColumn> _columns = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyList<BoardColumn> Columns => _columns;

    public int Count => _columns.Count;

    /// <summary>Adds a column and returns its index.</summary>
    public int Add(string name, ColumnKind kind, bool numeric)
    {
        if (!_names.Add(name))
        {
            var prefixed = (kind == ColumnKind.Param ? "param:" : "metric:") + name;
            for (var i = 2; !_names.Add(prefixed); i++) prefixed = $"{(kind == ColumnKind.Param ? "param:" : "metric:")}{name}#{i}";
            name = prefixed;
        }
        _columns.Add(new BoardColumn(name, kind, numeric));
        return _columns.Count - 1;
    }

    /// <summary>
    /// The parameters worth a column: every searched parameter (in the order of the search space), then every
    /// other parameter whose value differs among the trials (by name). Constants of the trial block are left out.
    /// </summary>
    public static IReadOnlyList<string> ParamNames(SweepSpec? spec, IReadOnlyList<TrialRecord> trials) =>
        ParamNames(spec, trials.SelectMany(t => t.Params.Keys), name => Varies(name, trials));

    /// <summary>As above, from every parameter name the trials have and whether a name's value varies among them.</summary>
    public static IReadOnlyList<string> ParamNames(SweepSpec? spec, IEnumerable<string> allNames, Func<string, bool> varies)
    {
        var names = new List<string>();
        if (spec is not null) names.AddRange(spec.Search.Space.Select(d => d.Name).Distinct());
        var searched = names.ToHashSet(StringComparer.Ordinal);
        var all = allNames.Where(k => !searched.Contains(k)).Distinct().Order(StringComparer.Ordinal);
        names.AddRange(all.Where(varies));
        return names;
    }

    /// <summary>Whether the trials' values of the parameter differ (a trial without it counts as one value).</summary>
    public static bool Varies(string name, IEnumerable<TrialRecord> trials)
    {
        ParamValue? first = null;
        var any = false;
        foreach (var t in trials)
        {
            var value = Value(t, name);
            if (!any) (first, any) = (value, true);
            else if (!Nullable.Equals(value, first)) return true;
        }
        return false;
    }

    private static ParamValue? Value(TrialRecord t, string name) => t.Params.TryGetValue(name, out var v) ? v : null;

    /// <summary>Whether every value the trials have for the parameter is a number.</summary>
    public static bool ParamIsNumeric(string name, IEnumerable<TrialRecord> trials) =>
        trials.All(t => !t.Params.TryGetValue(name, out var v) || v.IsNumeric);

    /// <summary>A parameter as a board cell: text, integer, number or boolean; null when the trial lacks it.</summary>
    public static object? ParamCell(TrialRecord trial, string name) =>
        !trial.Params.TryGetValue(name, out var v) ? null : v.Kind switch
        {
            ParamKind.String => v.Text ?? "",
            ParamKind.Integer => v.Integer,
            ParamKind.Number => v.Number,
            ParamKind.Boolean => v.Boolean,
            _ => v.ToString(),
        };

    /// <summary>The objective's column name: the metric's, or <c>&lt;metric&gt;_best</c> under <c>use: best</c>.</summary>
    public static string ObjectiveName(ObjectiveSpec objective) =>
        objective.Use == MetricUse.Best ? objective.Metric + "_best" : objective.Metric;

    /// <summary>Keys a trial reports that are not metrics: <c>step</c> is where in training a report was made.</summary>
    public static readonly IReadOnlySet<string> ReservedKeys = new HashSet<string>(StringComparer.Ordinal) { "step" };

    /// <summary>
    /// The metric columns after the objective, by name: every metric a trial reported (finished or, for running
    /// trials, its latest report), except reserved keys (<see cref="ReservedKeys"/>), names in <paramref name="taken"/>
    /// (a fixed column of the board shows that figure already) and the objective's own metric under <c>use: last</c>
    /// (its last value <em>is</em> the objective column).
    /// </summary>
    public static IReadOnlyList<string> OtherMetrics(ObjectiveSpec? objective, IEnumerable<TrialRecord> trials, params string[] taken) =>
        OtherMetricNames(objective, trials.SelectMany(t => Latest(t).Keys), taken);

    /// <summary>As above, from the names of every metric the trials show.</summary>
    public static IReadOnlyList<string> OtherMetricNames(ObjectiveSpec? objective, IEnumerable<string> shown, params string[] taken) =>
        shown.Distinct()
            .Where(m => !ReservedKeys.Contains(m) && !taken.Contains(m))
            .Where(m => objective is null || objective.Use == MetricUse.Best || m != objective.Metric)
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// A trial's metrics as a board shows them: its final values once it finished; while it runs, the latest value it
    /// reported for each metric.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Latest(TrialRecord t)
    {
        if (t.Status != TrialStatus.Running || t.Curve.IsEmpty) return t.Metrics;
        var latest = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var point in t.Curve)
            foreach (var (name, value) in point.Metrics)
                latest[name] = value;
        return latest;
    }

    /// <summary>The last step a trial reported (its final <c>step</c> when it reported one at the end), or null.</summary>
    public static long? LastStep(TrialRecord t) =>
        t.Status != TrialStatus.Running && t.Metrics.TryGetValue("step", out var s) && double.IsFinite(s) ? (long)s
        : t.Curve.IsEmpty ? null : t.Curve[^1].Step;
}
