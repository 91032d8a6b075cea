using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// The <c>merge-configs</c> board: the merge board per configuration over its seeds, each figure as mean, std and a
/// 95% interval. <c>across: seeds</c>: one row per configuration over its pairs (accuracy at λ = 0.5, barriers, the
/// endpoints' accuracy). <c>across: tasks</c>: one row per (group of tasks, method) over the seeds (merged mean and
/// normalised mean). Ranked by accuracy at λ = 0.5 or by normalised accuracy.
/// </summary>
public static class MergeConfigsBoard
{
    private sealed record Row(TrialRecord First, string? Method, int N, IReadOnlyList<IReadOnlyList<double>> Figures);

    public static Board Build(SweepState state, BoardOptions options)
    {
        var spec = state.Spec?.Analysis?.Merge;
        var trials = state.TrialsInOrder.ToList();
        var seeds = spec is null || spec.Across == "seeds";
        var paramNames = ColumnSet.ParamNames(state.Spec, trials).Where(p => seeds || p != "task").ToList();
        var results = AnalysisBoards.Of(state, MergeAnalysis.KindName).Where(a => a.Result is MergeResult).ToList();
        var columns = new ColumnSet();
        columns.Add("rank", ColumnKind.Number, true);
        if (!seeds) columns.Add("method", ColumnKind.Text, false);
        foreach (var p in paramNames) columns.Add(p, ColumnKind.Param, ColumnSet.ParamIsNumeric(p, trials));
        columns.Add("n", ColumnKind.Number, true);
        string[] figures = seeds ? ["acc_at_half", "acc_barrier", "loss_barrier", "endpoint_acc"] : ["merged_mean", "normalised_mean"];
        foreach (var f in figures) AnalysisBoards.AddStats(columns, f);

        List<Row> rows = seeds
            ? results.Select(a =>
            {
                var curves = ((MergeResult)a.Result!).Curves;
                return new Row(state.Trials[a.TrialId], null, curves.Count, [
                    curves.Select(c => c.AccuracyAtHalf).ToArray(), curves.Select(c => c.AccuracyBarrier).ToArray(),
                    curves.Select(c => c.LossBarrier).ToArray(),
                    a.TrialIds.Select(id => state.Trials[id].Metrics.GetValueOrDefault(spec!.Metric.Replace("_loss", "_acc"), double.NaN)).ToArray()]);
            }).ToList()
            : results.SelectMany(a => ((MergeResult)a.Result!).Tasks.GroupBy(t => t.Method)
                    .Select(g => (Key: MergeAnalysis.WithoutTask(state.Trials[a.TrialId].Params) + "\n" + g.Key, First: state.Trials[a.TrialId], Method: g.Key,
                        Merged: g.Average(t => t.Accuracy), Normalised: g.Average(t => t.Normalised))))
                .GroupBy(x => x.Key)
                .Select(g => new Row(g.First().First, g.First().Method, g.Count(), [g.Select(x => x.Merged).ToArray(), g.Select(x => x.Normalised).ToArray()]))
                .ToList();
        var title = spec is null ? "Merging per configuration: this sweep has no analysis.merge"
            : $"Merging per configuration over seeds (mean, std, 95% interval): {rows.Count} rows";
        return AnalysisBoards.Ranked(BoardKinds.MergeConfigs.Name, title, columns, rows, r => SampleStats.Of(r.Figures[seeds ? 0 : 1]
            .Where(v => !double.IsNaN(v)).ToList()).Mean, r =>
            (seeds ? [] : new object?[] { r.Method }).Concat(paramNames.Select(p => ColumnSet.ParamCell(r.First, p))).Append((long)r.N)
                .Concat(r.Figures.SelectMany(AnalysisBoards.StatCells)), options);
    }
}
