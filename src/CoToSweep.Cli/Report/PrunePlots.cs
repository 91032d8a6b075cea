using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;
using ScottPlot;

namespace CoToSweep.Cli.Report;

/// <summary>
/// <c>prune-&lt;trial&gt;.png</c>: accuracy against the fraction pruned, one line per order (structured: groups dropped in
/// that order, solid) and per magnitude scope (entries of ΔW zeroed, dashed).
/// </summary>
internal static class PrunePlots
{
    public static ReportSection? Write(SweepState state, string dir) =>
        AnalysisSections.Of<PruneResult>(state, PruneAnalysis.KindName, "Pruning",
            "For each analysed trial, accuracy as more of its adapter is removed, from 0 (the trained adapter) to 1 (the base " +
            "model): solid lines drop whole adapter groups in each order (random: the mean over its draws), dashed lines zero " +
            "the smallest-magnitude entries of ΔW (x is the sparsity). A curve that stays high for longer is more robust.",
            (a, r) => [new ReportImage(Plot(a, r, dir), $"{a.TrialId}: accuracy as the adapter is pruned")]);

    private static string Plot(AnalysisRecord a, PruneResult r, string dir)
    {
        var plot = PlotFile.New($"{a.TrialId}: pruning", "fraction pruned (groups dropped, or sparsity of ΔW)", "accuracy");
        for (var i = 0; i < r.Curves.Count; i++)
        {
            var c = r.Curves[i];
            var line = plot.Add.Scatter(c.X.ToArray(), c.Accuracy.ToArray(), PlotFile.ColorOf(i));
            line.LineWidth = 2;
            line.LinePattern = c.Mode == "magnitude" ? LinePattern.Dashed : LinePattern.Solid;
            line.LegendText = $"{c.Mode}: {c.Order}";
        }
        plot.ShowLegend(Edge.Right);
        return PlotFile.Save(plot, dir, $"prune-{PlotFile.Safe(a.TrialId)}.png");
    }
}
