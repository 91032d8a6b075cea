using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;
using ScottPlot;

namespace CoToSweep.Cli.Report;

/// <summary>
/// <c>prompt-norms.png</c> for nemesis sweeps: each configuration's per-position prompt norms at the end of training
/// (<c>norm_pos{i}</c>, mean over its seeds), one line per configuration.
/// </summary>
internal static class NormPlots
{
    public static ReportSection? Write(SweepState state, string dir)
    {
        if (state.Spec?.Trial.Kind != NemesisKind.Name) return null;
        var configs = state.TrialsInOrder.Where(t => t.Status == TrialStatus.Completed).GroupBy(t => t.Config).OrderBy(g => g.Key).ToList();
        if (configs.Count == 0) return ReportSection.TextOnly("Prompt norms", "No nemesis trial has completed yet.");
        var plot = PlotFile.New("prompt norms at the end of training", "context position", "norm");
        for (var i = 0; i < configs.Count; i++)
        {
            var trials = configs[i].ToList();
            var positions = NemesisKind.Positions(trials[0].Params);
            var xs = Enumerable.Range(0, positions).Select(p => (double)p).ToArray();
            var ys = xs.Select(x => trials.Average(t => t.Metrics.GetValueOrDefault(NemesisKind.NormMetric((int)x), double.NaN))).ToArray();
            var line = plot.Add.Scatter(xs, ys, PlotFile.ColorOf(i));
            line.LineWidth = 2;
            // A legend of more than a dozen lines hides the plot: the configurations are then only told apart by colour.
            if (configs.Count <= 12) line.LegendText = $"config {configs[i].Key}";
        }
        if (configs.Count <= 12) plot.ShowLegend(Edge.Right);
        var file = PlotFile.Save(plot, dir, "prompt-norms.png");
        return new ReportSection("Prompt norms",
            "Each configuration's norm of every context position at the end of training (mean over its seeds, in its norm_type).",
            [new ReportImage(file, "per-position prompt norms by configuration")]);
    }
}
