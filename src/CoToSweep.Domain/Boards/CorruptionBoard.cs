using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// The <c>corruption</c> board (the Low-Norm Effect): one row per analysed trained prompt: its parameters, the unchanged
/// prompt's accuracy, and how often a corruption that lowered a position's norm raised accuracy (<c>lowered_helped</c>
/// of <c>lowered</c>, as a share) against how often one that raised it did; ranked by the lowered share minus the raised
/// share (the effect's size).
/// </summary>
public static class CorruptionBoard
{
    public static Board Build(SweepState state, BoardOptions options)
    {
        var spec = state.Spec?.Analysis?.Corruption;
        var trials = state.TrialsInOrder.ToList();
        var paramNames = ColumnSet.ParamNames(state.Spec, trials);
        var analyses = AnalysisBoards.Of(state, CorruptionAnalysis.KindName);
        var columns = new ColumnSet();
        columns.Add("rank", ColumnKind.Number, true);
        columns.Add("trial", ColumnKind.Text, false);
        foreach (var p in paramNames) columns.Add(p, ColumnKind.Param, ColumnSet.ParamIsNumeric(p, trials));
        columns.Add("acc", ColumnKind.Metric, true);
        foreach (var c in new[] { "lowered", "lowered_helped" }) columns.Add(c, ColumnKind.Number, true);
        columns.Add("lowered_share", ColumnKind.Metric, true);
        foreach (var c in new[] { "raised", "raised_helped" }) columns.Add(c, ColumnKind.Number, true);
        columns.Add("raised_share", ColumnKind.Metric, true);
        columns.Add("best_change", ColumnKind.Metric, true);
        columns.Add("status", ColumnKind.Text, false);
        var title = spec is null ? "Prompt corruption (Low-Norm Effect): this sweep has no analysis.corruption"
            : "Prompt corruption (Low-Norm Effect): per trained prompt, how often a corruption that lowered a position's norm raised accuracy, " +
              $"against one that raised it: {analyses.Count} analyses, {analyses.Count(a => a.Status == AnalysisStatus.Completed)} completed";
        return AnalysisBoards.Ranked(BoardKinds.Corruption.Name, title, columns, analyses, a => a.Result is CorruptionResult r ? Effect(r) : null, a =>
        {
            var trial = state.Trials[a.TrialId];
            var cells = new List<object?> { trial.Id };
            cells.AddRange(paramNames.Select(p => ColumnSet.ParamCell(trial, p)));
            cells.AddRange(a.Result is CorruptionResult r
                ? [r.OriginalAccuracy, (long)r.Lowered, (long)r.LoweredHelped, AnalysisBoards.Cell(Share(r.LoweredHelped, r.Lowered)),
                    (long)r.Raised, (long)r.RaisedHelped, AnalysisBoards.Cell(Share(r.RaisedHelped, r.Raised)),
                    r.Points.Count > 0 ? r.Points.Max(x => x.Change) : null]
                : [null, null, null, null, null, null, null, null]);
            cells.Add(AnalysisBoards.Status(a));
            return cells;
        }, options);
    }

    public static double Share(int part, int whole) => whole > 0 ? (double)part / whole : double.NaN;

    /// <summary>Lowered share minus raised share (a side with no corruptions counts 0).</summary>
    public static double Effect(CorruptionResult r)
    {
        double Or0(double v) => double.IsNaN(v) ? 0 : v;
        return Or0(Share(r.LoweredHelped, r.Lowered)) - Or0(Share(r.RaisedHelped, r.Raised));
    }
}
