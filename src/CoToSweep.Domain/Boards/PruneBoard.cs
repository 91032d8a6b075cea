using System.Globalization;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// The <c>prune</c> board: one row per pruning curve of each analysed trial (structured orders, then magnitude
/// scopes): the trial's parameters, accuracy unpruned, at x = 0.5 (half the groups dropped, or half of ΔW zeroed) and
/// at each measured x (<c>acc_at_0.25</c>, …), and the normalised area under the curve; ranked by the area.
/// </summary>
public static class PruneBoard
{
    private sealed record Row(AnalysisRecord Analysis, PruneCurve? Curve);

    public static Board Build(SweepState state, BoardOptions options)
    {
        var spec = state.Spec?.Analysis?.Prune;
        var trials = state.TrialsInOrder.ToList();
        var paramNames = ColumnSet.ParamNames(state.Spec, trials);
        var analyses = AnalysisBoards.Of(state, PruneAnalysis.KindName);
        var xs = spec is null ? [] : spec.Ratios.Concat(spec.Sparsities).Where(x => x is > 0 and < 1).Distinct().Order().ToList();
        var columns = new ColumnSet();
        columns.Add("rank", ColumnKind.Number, true);
        columns.Add("trial", ColumnKind.Text, false);
        foreach (var p in paramNames) columns.Add(p, ColumnKind.Param, ColumnSet.ParamIsNumeric(p, trials));
        columns.Add("mode", ColumnKind.Text, false);
        columns.Add("order", ColumnKind.Text, false);
        foreach (var m in new[] { "area", "acc_unpruned", "acc_at_half" }) columns.Add(m, ColumnKind.Metric, true);
        foreach (var x in xs) columns.Add(AccAt(x), ColumnKind.Metric, true);
        columns.Add("status", ColumnKind.Text, false);
        var rows = analyses.SelectMany(a => a.Result is PruneResult r ? r.Curves.Select(c => new Row(a, c)) : [new Row(a, null)]).ToList();
        var title = spec is null ? "Pruning of trained adapters: this sweep has no analysis.prune"
            : $"Pruning curves (accuracy as groups are dropped or ΔW is sparsified), ranked by the area under accuracy / unpruned accuracy: " +
              $"{analyses.Count} analyses, {analyses.Count(a => a.Status == AnalysisStatus.Completed)} completed";
        return AnalysisBoards.Ranked(BoardKinds.Prune.Name, title, columns, rows, r => r.Curve?.NormalisedArea, r =>
        {
            var c = r.Curve;
            var trial = state.Trials[r.Analysis.TrialId];
            var cells = new List<object?> { trial.Id };
            cells.AddRange(paramNames.Select(p => ColumnSet.ParamCell(trial, p)));
            cells.AddRange(c is null ? [null, null, null, null, null] : [c.Mode, c.Order, AnalysisBoards.Cell(c.NormalisedArea),
                AnalysisBoards.Cell(c.Accuracy[0]), AnalysisBoards.Cell(c.AccuracyAtHalf)]);
            cells.AddRange(xs.Select(x => c is null || c.X.ToList().IndexOf(x) is var i && i < 0 ? null : AnalysisBoards.Cell(c.Accuracy[i])));
            cells.Add(AnalysisBoards.Status(r.Analysis));
            return cells;
        }, options);
    }

    /// <summary>The column of accuracy at one x: <c>acc_at_0.25</c>.</summary>
    public static string AccAt(double x) => "acc_at_" + x.ToString("0.###", CultureInfo.InvariantCulture);
}
