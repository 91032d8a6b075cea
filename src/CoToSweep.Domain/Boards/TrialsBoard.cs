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
    /// <summary>What the board shows of the sweep besides its rows: the columns' sources and the title's counts.</summary>
    private sealed record Facts(
        string Id, SweepSpec? Spec, IReadOnlyList<string> ParamNames, Func<string, bool> ParamIsNumeric, IReadOnlyList<string> OtherMetrics,
        int Trials, int Completed, int Failed, int Stopped);

    public static Board Build(SweepState state, BoardOptions options)
    {
        var trials = state.TrialsInOrder.ToList();
        var objective = state.Spec?.Objective;
        var facts = new Facts(state.Id, state.Spec, ColumnSet.ParamNames(state.Spec, trials), p => ColumnSet.ParamIsNumeric(p, trials),
            ColumnSet.OtherMetrics(objective, trials, "wall_seconds"), trials.Count,
            trials.Count(t => t.Status == TrialStatus.Completed), trials.Count(t => t.Status == TrialStatus.Failed),
            trials.Count(t => t.Status == TrialStatus.Stopped));
        return Build(facts, Ranking.Rank(trials, Objective, objective?.Direction, UnrankedGroup, options.Top), options);
    }

    /// <summary>
    /// The same board from a sweep's overview, for <c>--top N</c> within what the overview keeps
    /// (<see cref="SweepOverview.HasTop"/>): the best N completed trials are all the rows, and the columns come from the
    /// overview's facts about every trial, so it prints what <see cref="Build(SweepState, BoardOptions)"/> prints.
    /// </summary>
    public static Board Build(SweepOverview overview, BoardOptions options)
    {
        if (options.Top is not { } n || !overview.HasTop(n))
            throw new ArgumentException($"the overview holds the best {SweepOverview.TopCapacity} trials; the board needs --top N up to that", nameof(options));
        var objective = overview.Spec?.Objective;
        var shown = overview.ClosedMetrics.Concat(overview.Open.Values.SelectMany(t => ColumnSet.Latest(t).Keys));
        var facts = new Facts(overview.Id, overview.Spec,
            ColumnSet.ParamNames(overview.Spec, overview.Params.Keys, p => overview.Params[p].Varies),
            p => !overview.Params.TryGetValue(p, out var f) || f.Numeric,
            ColumnSet.OtherMetricNames(objective, shown, "wall_seconds"), overview.Planned, overview.Completed, overview.Failed, overview.Stopped);
        var rows = objective is null ? [] : overview.Top.Take(n).Select((t, i) => new Ranking.Ranked<TrialRecord>(t, i + 1)).ToList();
        return Build(facts, rows, options);
    }

    private static Board Build(Facts facts, IReadOnlyList<Ranking.Ranked<TrialRecord>> ranked, BoardOptions options)
    {
        var objective = facts.Spec?.Objective;
        var paramNames = facts.ParamNames;
        var otherMetrics = facts.OtherMetrics;

        var columns = new ColumnSet();
        columns.Add("rank", ColumnKind.Number, true);
        columns.Add("trial", ColumnKind.Text, false);
        columns.Add("status", ColumnKind.Text, false);
        columns.Add("config", ColumnKind.Number, true);
        columns.Add("seed", ColumnKind.Number, true);
        columns.Add("attempt", ColumnKind.Number, true);
        columns.Add("step", ColumnKind.Number, true);
        foreach (var p in paramNames) columns.Add(p, ColumnKind.Param, facts.ParamIsNumeric(p));
        if (objective is not null) columns.Add(ColumnSet.ObjectiveName(objective), ColumnKind.Metric, true);
        foreach (var m in otherMetrics) columns.Add(m, ColumnKind.Metric, true);
        columns.Add("wall_seconds", ColumnKind.Number, true);
        columns.Add("reason", ColumnKind.Text, false);

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

        return new Board(BoardKinds.Trials.Name, Title(facts, options), columns.Columns, rows,
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

    private static string Title(Facts f, BoardOptions options)
    {
        var top = options.Top is { } n ? $", top {n}" : "";
        return $"{f.Id}: trials ({f.Trials} trials, {f.Completed} completed, {(f.Stopped > 0 ? $"{f.Stopped} stopped, " : "")}{f.Failed} failed{top}), " +
               Describe(f.Spec?.Objective);
    }

    internal static string Describe(ObjectiveSpec? objective) => objective is null
        ? "no objective"
        : $"ranked by {ColumnSet.ObjectiveName(objective)} ({objective.Direction.ToString().ToLowerInvariant()})";
}
