using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// The <c>pareto</c> board: completed trials with a value for every objective, by non-dominated front (<c>front</c> 1 is
/// the Pareto front) and, within a front, by crowding distance (the spread NSGA-II keeps; the ends of a front are
/// infinite). Columns: <c>front, crowding, trial, config, seed</c>, the parameters, then each objective.
/// </summary>
public static class ParetoBoard
{
    public static Board Build(SweepState state, BoardOptions options)
    {
        var objectives = state.Spec?.AllObjectives ?? [];
        var fronts = state.Spec is null ? [] : ObjectiveValues.Fronts(state);
        var trials = fronts.Select(f => f.Trial).ToList();
        var paramNames = ColumnSet.ParamNames(state.Spec, trials);
        var columns = new ColumnSet();
        columns.Add("front", ColumnKind.Number, true);
        columns.Add("crowding", ColumnKind.Number, true);
        columns.Add("trial", ColumnKind.Text, false);
        columns.Add("config", ColumnKind.Number, true);
        columns.Add("seed", ColumnKind.Number, true);
        foreach (var p in paramNames) columns.Add(p, ColumnKind.Param, ColumnSet.ParamIsNumeric(p, trials));
        foreach (var o in objectives) columns.Add(o.Metric, ColumnKind.Metric, true);

        var rows = fronts.OrderBy(f => f.Front).ThenByDescending(f => f.Crowding).ThenBy(f => f.Trial.Order)
            .Take(options.Top ?? int.MaxValue)
            .Select(f =>
            {
                var cells = new List<object?> { (long)(f.Front + 1), f.Crowding, f.Trial.Id, (long)f.Trial.Config, f.Trial.Seed };
                cells.AddRange(paramNames.Select(p => ColumnSet.ParamCell(f.Trial, p)));
                cells.AddRange(objectives.Select((o, i) => (object?)(o.Direction == Direction.Maximize ? -f.Losses[i] : f.Losses[i])));
                return (IReadOnlyList<object?>)cells;
            }).ToList();
        var front = fronts.Count(f => f.Front == 0);
        var title = $"{state.Id}: pareto ({front} of {fronts.Count} trials on the front), objectives " +
                    string.Join(", ", objectives.Select(o => $"{o.Metric} ({o.Direction.ToString().ToLowerInvariant()})"));
        return new Board(BoardKinds.Pareto.Name, title, columns.Columns, rows, objectives.Select(o => o.Metric).ToList());
    }

    /// <summary>How many trials are on the Pareto front (null for a sweep with one objective).</summary>
    public static int? FrontSize(SweepState state) =>
        state.Spec is { Objectives.Count: > 1 } ? ObjectiveValues.Fronts(state).Count(f => f.Front == 0) : null;
}
