using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// The <c>trials</c> board: one row per trial. Columns: <c>rank, trial, status, config, seed, attempt</c>, the
/// parameters (dotted names), the objective (named by its metric; <c>&lt;metric&gt;_best</c> under
/// <c>use: best</c>), the other metrics by name, <c>wall_seconds</c> and <c>reason</c>.
/// Completed trials with an objective value are ranked in the objective's direction (ties: trial order);
/// then, unranked, completed trials without one, stopped, failed (with their reason), running and pending.
/// Metrics are a trial's final values; a running trial shows the latest values it reported (its objective cell too,
/// unranked).
/// </summary>
public static class TrialsBoard
{
    public static Board Build(SweepState state, BoardOptions options)
    {
        var trials = state.TrialsInOrder.ToList();
        var objective = state.Spec?.Objective;
        var paramNames = ColumnSet.ParamNames(state.Spec, trials);
        var otherMetrics = ColumnSet.OtherMetrics(objective, trials, "wall_seconds");

        var columns = new ColumnSet();
        columns.Add("rank", ColumnKind.Number, true);
        columns.Add("trial", ColumnKind.Text, false);
        columns.Add("status", ColumnKind.Text, false);
        columns.Add("config", ColumnKind.Number, true);
        columns.Add("seed", ColumnKind.Number, true);
        columns.Add("attempt", ColumnKind.Number, true);
        columns.Add("step", ColumnKind.Number, true);
        foreach (var p in paramNames) columns.Add(p, ColumnKind.Param, ColumnSet.ParamIsNumeric(p, trials));
        if (objective is not null) columns.Add(ColumnSet.ObjectiveName(objective), ColumnKind.Metric, true);
        foreach (var m in otherMetrics) columns.Add(m, ColumnKind.Metric, true);
        columns.Add("wall_seconds", ColumnKind.Number, true);
        columns.Add("reason", ColumnKind.Text, false);

        var ranked = Ranking.Rank(trials, Objective, objective?.Direction, UnrankedGroup, options.Top);
        var rows = ranked.Select(r =>
        {
            var t = r.Item;
            var cells = new List<object?>(columns.Count)
            {
                r.Rank is { } rank ? (long)rank : null, t.Id, StatusName(t.Status), (long)t.Config, t.Seed, (long)t.Attempt, ColumnSet.LastStep(t),
            };
            var metrics = ColumnSet.Latest(t);
            cells.AddRange(paramNames.Select(p => ColumnSet.ParamCell(t, p)));
            if (objective is not null) cells.Add(Objective(t, objective));
            cells.AddRange(otherMetrics.Select(m => metrics.TryGetValue(m, out var v) ? (object)v : null));
            cells.Add(t.WallSeconds);
            cells.Add(t.Status == TrialStatus.Completed ? null : t.Reason);
            return (IReadOnlyList<object?>)cells;
        }).ToList();

        return new Board(BoardKinds.Trials.Name, Title(state, trials, options), columns.Columns, rows,
            objective is null ? [] : [ColumnSet.ObjectiveName(objective)]);
    }

    public static string StatusName(TrialStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A completed (or early-stopped: its last) objective value; a running trial's latest report of it; nothing else.</summary>
    private static double? Objective(TrialRecord t, ObjectiveSpec objective) => t.Status switch
    {
        TrialStatus.Completed or TrialStatus.Stopped => t.Objective,
        TrialStatus.Running => ColumnSet.Latest(t).TryGetValue(objective.Metric, out var v) ? v : null,
        _ => null,
    };

    /// <summary>The objective as ranking uses it: completed trials only.</summary>
    private static double? Objective(TrialRecord t) => t.Status == TrialStatus.Completed ? t.Objective : null;

    private static int UnrankedGroup(TrialRecord t) => t.Status switch
    {
        TrialStatus.Completed => 0,
        TrialStatus.Stopped => 1,
        TrialStatus.Failed => 2,
        TrialStatus.Running => 3,
        _ => 4,
    };

    private static string Title(SweepState state, IReadOnlyList<TrialRecord> trials, BoardOptions options)
    {
        var done = trials.Count(t => t.Status == TrialStatus.Completed);
        var failed = trials.Count(t => t.Status == TrialStatus.Failed);
        var stopped = trials.Count(t => t.Status == TrialStatus.Stopped);
        var top = options.Top is { } n ? $", top {n}" : "";
        return $"{state.Id}: trials ({trials.Count} trials, {done} completed, {(stopped > 0 ? $"{stopped} stopped, " : "")}{failed} failed{top}), " +
               Describe(state.Spec?.Objective);
    }

    internal static string Describe(ObjectiveSpec? objective) => objective is null
        ? "no objective"
        : $"ranked by {ColumnSet.ObjectiveName(objective)} ({objective.Direction.ToString().ToLowerInvariant()})";
}
