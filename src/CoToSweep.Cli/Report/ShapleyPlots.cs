using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;
using ScottPlot;

namespace CoToSweep.Cli.Report;

/// <summary><c>shapley-&lt;trial&gt;.png</c>: one bar per adapter group of an analysed trial, φ with whiskers φ ± 1.96·SE.</summary>
internal static class ShapleyPlots
{
    public static ReportSection? Write(SweepState state, string dir)
    {
        var metric = state.Spec?.Analysis?.Shapley?.Metric ?? "the analysis metric";
        return AnalysisSections.Of<ShapleyResult>(state, ShapleyAnalysis.KindName, "Shapley values",
            $"For each analysed trial, how much each adapter group contributes to {metric} (its Shapley value φ, estimated " +
            "over masked evaluations of the trained adapter), with whiskers at φ ± 1.96·SE (a 95% interval; none for exact " +
            "values). Even bars mean the model uses its layers evenly.",
            (a, r) => [new ReportImage(Plot(a, r, metric, dir), $"Shapley values of {a.TrialId}'s adapter groups")]);
    }

    private static string Plot(AnalysisRecord a, ShapleyResult r, string metric, string dir)
    {
        var plot = PlotFile.New($"{a.TrialId}: Shapley values of {metric} ({r.Method}, {r.Evaluations} evaluations)", "adapter group", "φ");
        var bars = Enumerable.Range(0, r.Values.Count).Select(i => new Bar
        {
            Position = i, Value = r.Values[i], Error = 1.96 * (double.IsNaN(r.StdErrors[i]) ? 0 : r.StdErrors[i]),
            FillColor = PlotFile.ColorOf(0), ErrorSize = 0.3,
        }).ToArray();
        plot.Add.Bars(bars);
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        PlotFile.Categories(plot, Enumerable.Range(0, r.Values.Count).Select(i => i < a.Groups.Count ? a.Groups[i] : $"g{i}").ToList());
        return PlotFile.Save(plot, dir, $"shapley-{PlotFile.Safe(a.TrialId)}.png");
    }
}
