using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;
using ScottPlot;

namespace CoToSweep.Cli.Report;

/// <summary>
/// <c>corruption-&lt;trial&gt;.png</c> (the Low-Norm Effect): each corruption of a trained prompt as a point, its norm
/// change (after − before) against its accuracy change; replacements and rescalings in two colours.
/// </summary>
internal static class CorruptionPlots
{
    public static ReportSection? Write(SweepState state, string dir) =>
        AnalysisSections.Of<CorruptionResult>(state, CorruptionAnalysis.KindName, "Prompt corruption (Low-Norm Effect)",
            "For each analysed prompt, every corruption of one context position: how much it changed that position's norm " +
            "(left of 0: lowered) against how much it changed accuracy on the trained classes (above 0: helped). The Low-Norm " +
            "Effect is points up and to the left: lowering a norm helps more often than raising it.",
            (a, r) => [new ReportImage(Plot(a, r, dir), $"{a.TrialId}: accuracy change against norm change per corruption")]);

    private static string Plot(AnalysisRecord a, CorruptionResult r, string dir)
    {
        var plot = PlotFile.New($"{a.TrialId}: corruptions", "norm change (after − before)", "accuracy change");
        var modes = r.Points.Select(p => p.Mode).Distinct().ToList();
        for (var i = 0; i < modes.Count; i++)
        {
            var points = r.Points.Where(p => p.Mode == modes[i] && double.IsFinite(p.NormAfter - p.Norm)).ToList();
            if (points.Count == 0) continue;
            var dots = plot.Add.Scatter(points.Select(p => p.NormAfter - p.Norm).ToArray(), points.Select(p => p.Change).ToArray(), PlotFile.ColorOf(i));
            dots.LineWidth = 0;
            dots.MarkerSize = 6;
            dots.LegendText = modes[i];
        }
        plot.ShowLegend(Edge.Right);
        return PlotFile.Save(plot, dir, $"corruption-{PlotFile.Safe(a.TrialId)}.png");
    }
}
