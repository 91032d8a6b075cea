using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// The <c>configs</c> board: one row per configuration, its seeds collapsed. Columns: <c>rank, config</c>, the
/// parameters (dotted names), <c>n</c> (completed seeds), <c>trials</c> (all seeds planned), <c>failed</c>, then
/// for the objective <c>&lt;o&gt;_mean, &lt;o&gt;_std, &lt;o&gt;_ci95_low, &lt;o&gt;_ci95_high</c> (o: the objective's
/// trials-board name) and for every other metric <c>&lt;m&gt;_mean, &lt;m&gt;_std</c> (not the reserved <c>step</c>).
/// Statistics use the completed trials that have the value (NaN left out); std and interval are empty below
/// two values. Ranked by the objective's mean in its direction (ties: configuration order); configurations
/// with no objective value yet follow, unranked.
/// </summary>
public static class ConfigsBoard
{
    private sealed record Group(int Config, IReadOnlyList<TrialRecord> Trials, IReadOnlyList<TrialRecord> Completed, SampleStats Objective);

    public static Board Build(SweepState state, BoardOptions options)
    {
        var trials = state.TrialsInOrder.ToList();
        var objective = state.Spec?.Objective;
        var paramNames = ColumnSet.ParamNames(state.Spec, trials);
        var completed = trials.Where(t => t.Status == TrialStatus.Completed).ToList();
        var otherMetrics = ColumnSet.OtherMetrics(objective, completed);

        var groups = trials.GroupBy(t => t.Config).OrderBy(g => g.Key).Select(g =>
        {
            var done = g.Where(t => t.Status == TrialStatus.Completed).ToList();
            var values = done.Select(t => t.Objective).OfType<double>().Where(v => !double.IsNaN(v)).ToList();
            return new Group(g.Key, g.ToList(), done, SampleStats.Of(values));
        }).ToList();

        var columns = new ColumnSet();
        columns.Add("rank", ColumnKind.Number, true);
        columns.Add("config", ColumnKind.Number, true);
        foreach (var p in paramNames) columns.Add(p, ColumnKind.Param, ColumnSet.ParamIsNumeric(p, trials));
        columns.Add("n", ColumnKind.Number, true);
        columns.Add("trials", ColumnKind.Number, true);
        columns.Add("failed", ColumnKind.Number, true);
        if (objective is not null)
        {
            var o = ColumnSet.ObjectiveName(objective);
            foreach (var suffix in new[] { "_mean", "_std", "_ci95_low", "_ci95_high" }) columns.Add(o + suffix, ColumnKind.Metric, true);
        }
        foreach (var m in otherMetrics)
        {
            columns.Add(m + "_mean", ColumnKind.Metric, true);
            columns.Add(m + "_std", ColumnKind.Metric, true);
        }

        var ranked = Ranking.Rank(groups, g => g.Objective.Mean, objective?.Direction, top: options.Top);
        var rows = ranked.Select(r =>
        {
            var g = r.Item;
            var cells = new List<object?>(columns.Count) { r.Rank is { } rank ? (long)rank : null, (long)g.Config };
            cells.AddRange(paramNames.Select(p => ColumnSet.ParamCell(g.Trials[0], p)));
            cells.Add((long)g.Completed.Count);
            cells.Add((long)g.Trials.Count);
            cells.Add((long)g.Trials.Count(t => t.Status == TrialStatus.Failed));
            if (objective is not null)
                cells.AddRange([g.Objective.Mean, g.Objective.Std, g.Objective.Ci95Low, g.Objective.Ci95High]);
            foreach (var m in otherMetrics)
            {
                var s = SampleStats.Of(g.Completed.Select(t => t.Metrics.TryGetValue(m, out var v) ? v : double.NaN)
                    .Where(v => !double.IsNaN(v)).ToList());
                cells.Add(s.Mean);
                cells.Add(s.Std);
            }
            return (IReadOnlyList<object?>)cells;
        }).ToList();

        var top = options.Top is { } n ? $", top {n}" : "";
        var title = $"{state.Id}: configs ({groups.Count} configurations{top}), {TrialsBoard.Describe(objective)} mean over seeds, 95% t-interval";
        return new Board(BoardKinds.Configs.Name, title, columns.Columns, rows,
            objective is null ? [] : new[] { "_mean", "_std", "_ci95_low", "_ci95_high" }.Select(x => ColumnSet.ObjectiveName(objective) + x).ToList());
    }
}
