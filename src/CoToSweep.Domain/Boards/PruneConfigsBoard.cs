using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// The <c>prune-configs</c> board: the prune board per (configuration, curve) over its seeds — area and accuracy at
/// x = 0.5 as mean, std and a 95% interval; ranked by the mean area.
/// </summary>
public static class PruneConfigsBoard
{
    private sealed record Row(TrialRecord First, string Mode, string Order, IReadOnlyList<PruneCurve> Curves);

    public static Board Build(SweepState state, BoardOptions options)
    {
        var spec = state.Spec?.Analysis?.Prune;
        var trials = state.TrialsInOrder.ToList();
        var paramNames = ColumnSet.ParamNames(state.Spec, trials);
        var columns = new ColumnSet();
        columns.Add("rank", ColumnKind.Number, true);
        columns.Add("config", ColumnKind.Number, true);
        foreach (var p in paramNames) columns.Add(p, ColumnKind.Param, ColumnSet.ParamIsNumeric(p, trials));
        columns.Add("mode", ColumnKind.Text, false);
        columns.Add("order", ColumnKind.Text, false);
        columns.Add("n", ColumnKind.Number, true);
        AnalysisBoards.AddStats(columns, "area");
        AnalysisBoards.AddStats(columns, "acc_at_half");
        var rows = AnalysisBoards.Of(state, PruneAnalysis.KindName).Where(a => a.Result is PruneResult)
            .SelectMany(a => ((PruneResult)a.Result!).Curves.Select(c => (Trial: state.Trials[a.TrialId], Curve: c)))
            .GroupBy(x => (x.Trial.Config, x.Curve.Mode, x.Curve.Order))
            .OrderBy(g => g.Key.Config)
            .Select(g => new Row(g.First().Trial, g.Key.Mode, g.Key.Order, g.Select(x => x.Curve).ToList())).ToList();
        var title = spec is null ? "Pruning per configuration: this sweep has no analysis.prune"
            : $"Pruning per configuration over seeds (mean, std, 95% interval), ranked by the mean normalised area: {rows.Count} rows";
        return AnalysisBoards.Ranked(BoardKinds.PruneConfigs.Name, title, columns, rows,
            r => SampleStats.Of(r.Curves.Select(c => c.NormalisedArea).Where(v => !double.IsNaN(v)).ToList()).Mean,
            r => new object?[] { (long)r.First.Config }.Concat(paramNames.Select(p => ColumnSet.ParamCell(r.First, p)))
                .Concat([r.Mode, r.Order, (long)r.Curves.Count])
                .Concat(AnalysisBoards.StatCells(r.Curves.Select(c => c.NormalisedArea)))
                .Concat(AnalysisBoards.StatCells(r.Curves.Select(c => c.AccuracyAtHalf))), options);
    }
}
