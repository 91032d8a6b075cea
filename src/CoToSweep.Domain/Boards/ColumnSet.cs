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
    public static IReadOnlyList<string> ParamNames(SweepSpec? spec, IReadOnlyList<TrialRecord> trials)
    {
        var names = new List<string>();
        if (spec is not null) names.AddRange(spec.Search.Space.Select(d => d.Name).Distinct());
        var searched = names.ToHashSet(StringComparer.Ordinal);
        var all = trials.SelectMany(t => t.Params.Keys).Where(k => !searched.Contains(k)).Distinct().Order(StringComparer.Ordinal);
        names.AddRange(all.Where(name => Varies(name, trials)));
        return names;
    }

    private static bool Varies(string name, IReadOnlyList<TrialRecord> trials)
    {
        if (trials.Count == 0) return false;
        var first = Value(trials[0], name);
        return trials.Any(t => !Nullable.Equals(Value(t, name), first));
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

    /// <summary>
    /// The metric columns after the objective, by name: every metric a trial reported, except the objective's
    /// own metric under <c>use: last</c> (its last value <em>is</em> the objective column).
    /// </summary>
    public static IReadOnlyList<string> OtherMetrics(ObjectiveSpec? objective, IEnumerable<TrialRecord> trials) =>
        trials.SelectMany(t => t.Metrics.Keys).Distinct()
            .Where(m => objective is null || objective.Use == MetricUse.Best || m != objective.Metric)
            .Order(StringComparer.Ordinal).ToList();
}
