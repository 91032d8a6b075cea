using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// The <c>merge</c> board. <c>across: seeds</c>: one row per interpolated pair — both trials, the configuration's
/// parameters, accuracy at λ = 0 (<c>acc_a</c>), 1 (<c>acc_b</c>) and 0.5, the accuracy barrier against the chord, its
/// loss analogue and the lowest accuracy on the path; ranked by accuracy at λ = 0.5. <c>across: tasks</c>: one row per
/// (merge method, member task): merged accuracy and loss on that task, that task's own adapter, the normalised accuracy
/// merged / own, and per method the mean over the group's tasks (<c>merged_mean</c>, <c>normalised_mean</c>); ranked
/// by <c>normalised_mean</c>. Analyses still running show a row each with their status.
/// </summary>
public static class MergeBoard
{
    public static Board Build(SweepState state, BoardOptions options)
    {
        var spec = state.Spec?.Analysis?.Merge;
        var trials = state.TrialsInOrder.ToList();
        var paramNames = ColumnSet.ParamNames(state.Spec, trials);
        var analyses = AnalysisBoards.Of(state, MergeAnalysis.KindName);
        var columns = new ColumnSet();
        columns.Add("rank", ColumnKind.Number, true);
        columns.Add("analysis", ColumnKind.Text, false);
        if (spec is null || spec.Across == "seeds") return Seeds(state, spec, analyses, paramNames, columns, options);
        return Tasks(state, spec, analyses, paramNames, columns, options);
    }

    private sealed record PairRow(AnalysisRecord Analysis, MergeCurve? Curve);

    private static Board Seeds(SweepState state, MergeAnalysisSpec? spec, List<AnalysisRecord> analyses, IReadOnlyList<string> paramNames,
        ColumnSet columns, BoardOptions options)
    {
        foreach (var p in paramNames) columns.Add(p, ColumnKind.Param, ColumnSet.ParamIsNumeric(p, state.Trials.Values));
        foreach (var (name, numeric) in new[] { ("trial_a", false), ("trial_b", false), ("space", false) }) columns.Add(name, ColumnKind.Text, numeric);
        foreach (var m in new[] { "acc_a", "acc_b", "acc_at_half", "acc_barrier", "loss_barrier", "acc_min" }) columns.Add(m, ColumnKind.Metric, true);
        columns.Add("status", ColumnKind.Text, false);
        var rows = analyses.SelectMany(a => a.Result is MergeResult r ? r.Curves.Select(c => new PairRow(a, c)) : [new PairRow(a, null)]).ToList();
        return AnalysisBoards.Ranked(BoardKinds.Merge.Name, Title(spec, analyses), columns, rows, r => r.Curve?.AccuracyAtHalf, r =>
        {
            var first = state.Trials[r.Analysis.TrialId];
            var c = r.Curve;
            return new object?[] { r.Analysis.Id }.Concat(paramNames.Select(p => ColumnSet.ParamCell(first, p))).Concat(c is null
                ? [null, null, spec?.Space, null, null, null, null, null, null]
                : [c.TrialA, c.TrialB, c.Space, AnalysisBoards.Cell(c.Accuracy[0]), AnalysisBoards.Cell(c.Accuracy[^1]), AnalysisBoards.Cell(c.AccuracyAtHalf),
                   AnalysisBoards.Cell(c.AccuracyBarrier), AnalysisBoards.Cell(c.LossBarrier), AnalysisBoards.Cell(c.Accuracy.Min())])
                .Append(AnalysisBoards.Status(r.Analysis));
        }, options);
    }

    private sealed record TaskRow(AnalysisRecord Analysis, TaskMerge? Merge, double MergedMean, double NormalisedMean);

    private static Board Tasks(SweepState state, MergeAnalysisSpec spec, List<AnalysisRecord> analyses, IReadOnlyList<string> paramNames,
        ColumnSet columns, BoardOptions options)
    {
        columns.Add("method", ColumnKind.Text, false);
        columns.Add("task", ColumnKind.Text, false);
        columns.Add("trial", ColumnKind.Text, false);
        var others = paramNames.Where(p => p != "task").ToList();
        foreach (var p in others) columns.Add(p, ColumnKind.Param, ColumnSet.ParamIsNumeric(p, state.Trials.Values));
        foreach (var m in new[] { "merged_acc", "merged_loss", "own_acc", "normalised", "merged_mean", "normalised_mean" }) columns.Add(m, ColumnKind.Metric, true);
        columns.Add("status", ColumnKind.Text, false);
        var rows = analyses.SelectMany(a => a.Result is MergeResult r
            ? r.Tasks.GroupBy(t => t.Method).SelectMany(g => g.Select(t => new TaskRow(a, t, g.Average(x => x.Accuracy), g.Average(x => x.Normalised))))
            : [new TaskRow(a, null, double.NaN, double.NaN)]).ToList();
        return AnalysisBoards.Ranked(BoardKinds.Merge.Name, Title(spec, analyses), columns, rows, r => double.IsNaN(r.NormalisedMean) ? null : r.NormalisedMean, r =>
        {
            var m = r.Merge;
            var trial = state.Trials[m?.Trial ?? r.Analysis.TrialId];
            return new object?[] { r.Analysis.Id, m?.Method, m?.Task, m?.Trial }.Concat(others.Select(p => ColumnSet.ParamCell(trial, p))).Concat(m is null
                ? [null, null, null, null, null, null]
                : [AnalysisBoards.Cell(m.Accuracy), AnalysisBoards.Cell(m.Loss), AnalysisBoards.Cell(m.OwnAccuracy), AnalysisBoards.Cell(m.Normalised),
                   AnalysisBoards.Cell(r.MergedMean), AnalysisBoards.Cell(r.NormalisedMean)])
                .Append(AnalysisBoards.Status(r.Analysis));
        }, options);
    }

    private static string Title(MergeAnalysisSpec? spec, IReadOnlyList<AnalysisRecord> analyses) => spec is null
        ? "Merging of trained adapters: this sweep has no analysis.merge"
        : (spec.Across == "seeds"
            ? $"Linear interpolation of two seeds' adapters ({spec.Space} space), ranked by accuracy at λ = 0.5; barrier = max over λ of chord − curve: "
            : $"Merging of adapters trained on different tasks ({string.Join(", ", spec.Methods)} on ΔW), ranked by normalised accuracy: ") +
          $"{analyses.Count} analyses, {analyses.Count(a => a.Status == AnalysisStatus.Completed)} completed";
}
