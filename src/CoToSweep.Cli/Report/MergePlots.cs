using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;
using ScottPlot;

namespace CoToSweep.Cli.Report;

/// <summary>
/// <c>&lt;analysis&gt;.png</c> (ids such as <c>merge-c0003</c>): accuracy of the interpolated adapters against λ, one line
/// per pair, with the chord from (0, acc(0)) to (1, acc(1)) dashed; <c>&lt;analysis&gt;-tasks.png</c> (across tasks):
/// merged against own accuracy, grouped by task, one bar per merge method and one for the task's own adapter.
/// </summary>
internal static class MergePlots
{
    public static ReportSection? Write(SweepState state, string dir) =>
        AnalysisSections.Of<MergeResult>(state, MergeAnalysis.KindName, "Merging",
            "Interpolation curves: the accuracy of (1 − λ)·A + λ·B for each pair of adapters (solid) and the chord between its " +
            "endpoints (dashed); where the curve dips below its chord there is a barrier between the two solutions. Task merges: " +
            "for each member task the accuracy of the merged adapter by each method next to that task's own adapter.",
            (a, r) => Plots(a, r, dir));

    private static IEnumerable<ReportImage> Plots(AnalysisRecord a, MergeResult r, string dir)
    {
        if (r.Curves.Count > 0) yield return new ReportImage(Curves(a, r, dir), $"{a.Id}: accuracy along the interpolation, with chords");
        if (r.Tasks.Count > 0) yield return new ReportImage(Tasks(a, r, dir), $"{a.Id}: merged against own accuracy per task");
    }

    private static string Curves(AnalysisRecord a, MergeResult r, string dir)
    {
        var plot = PlotFile.New($"{a.Id}: interpolation across {r.Across}", "λ", "accuracy");
        for (var i = 0; i < r.Curves.Count; i++)
        {
            var c = r.Curves[i];
            var color = PlotFile.ColorOf(i);
            var line = plot.Add.Scatter(c.Lambdas.ToArray(), c.Accuracy.ToArray(), color);
            line.LineWidth = 2;
            line.LegendText = $"{c.TrialA} ↔ {c.TrialB} ({c.Space})";
            var chord = plot.Add.Line(c.Lambdas[0], c.Accuracy[0], c.Lambdas[^1], c.Accuracy[^1]);
            chord.Color = color;
            chord.LinePattern = LinePattern.Dashed;
            chord.MarkerSize = 0;
        }
        plot.ShowLegend(Edge.Right);
        return PlotFile.Save(plot, dir, $"{FileOf(a)}.png");
    }

    private static string Tasks(AnalysisRecord a, MergeResult r, string dir)
    {
        var tasks = r.Tasks.Select(t => t.Task).Distinct().ToList();
        var methods = r.Tasks.Select(t => t.Method).Distinct().ToList();
        var width = methods.Count + 2;   // the methods' bars, the own adapter's, a gap
        var plot = PlotFile.New($"{a.Id}: merged vs own accuracy per task", "task", "accuracy");
        for (var m = 0; m <= methods.Count; m++)
        {
            var own = m == methods.Count;
            var bars = tasks.Select((task, i) => (Pos: i * width + m, Row: r.Tasks.FirstOrDefault(t => t.Task == task && (own || t.Method == methods[m]))))
                .Where(b => b.Row is not null).ToList();
            var plotted = plot.Add.Bars(bars.Select(b => (double)b.Pos).ToArray(), bars.Select(b => own ? b.Row!.OwnAccuracy : b.Row!.Accuracy).ToArray());
            plotted.Color = own ? Colors.Gray : PlotFile.ColorOf(m);
            plotted.LegendText = own ? "own adapter" : methods[m];
        }
        PlotFile.Categories(plot, tasks, tasks.Select((_, i) => i * width + methods.Count / 2.0).ToList());
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);
        return PlotFile.Save(plot, dir, $"{FileOf(a)}-tasks.png");
    }

    /// <summary>The analysis id as a file name (merge ids start with <c>merge-</c> already: <c>merge-c0003</c>).</summary>
    private static string FileOf(AnalysisRecord a) => PlotFile.Safe(a.Id.StartsWith("merge-", StringComparison.Ordinal) ? a.Id : "merge-" + a.Id);
}
