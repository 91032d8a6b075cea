using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Report;

/// <summary>
/// <c>curves.png</c>: the objective's metric against the step, one line per configuration (the mean over the seeds that
/// reported that step) with a band from the lowest to the highest seed, from the trials' reported learning curves.
/// </summary>
internal static class CurvePlots
{
    public const string File = "curves.png";

    public static ReportSection Write(SweepState state, string dir)
    {
        const string title = "Learning curves";
        var metric = state.Spec!.Objective.Metric;
        var varying = SweepFacts.VaryingParams(state);
        var configs = state.TrialsInOrder.GroupBy(t => t.Config).OrderBy(g => g.Key)
            .Select(g => (Label: SweepFacts.ConfigLabel(g.First(), varying), Series: g.Select(t => SweepFacts.Series(t, metric)).Where(s => s.Count > 0).ToList()))
            .Where(c => c.Series.Count > 0).ToList();
        if (configs.Count == 0) return ReportSection.TextOnly(title, $"No trial reported {metric} at a step, so there are no learning curves.");

        var plot = PlotFile.New($"{metric} during training", "step", metric);
        for (var i = 0; i < configs.Count; i++)
        {
            var (label, series) = configs[i];
            var steps = series.SelectMany(s => s.Keys).Distinct().Order().ToArray();
            var at = steps.Select(step => series.Where(s => s.ContainsKey(step)).Select(s => s[step]).ToArray()).ToArray();
            var xs = steps.Select(s => (double)s).ToArray();
            var color = PlotFile.ColorOf(i);
            if (series.Count > 1 && steps.Length > 1)
            {
                var band = plot.Add.FillY(xs, at.Select(v => v.Min()).ToArray(), at.Select(v => v.Max()).ToArray());
                band.FillColor = color.WithAlpha(0.2);
                band.LineWidth = 0;
            }
            var mean = plot.Add.Scatter(xs, at.Select(v => v.Average()).ToArray(), color);
            mean.LineWidth = 2;
            mean.MarkerSize = 4;
            mean.LegendText = $"{label} ({series.Count} seed{(series.Count == 1 ? "" : "s")})";
        }
        plot.ShowLegend(ScottPlot.Edge.Right);
        return new ReportSection(title,
            $"{metric} at each reported step, one line per configuration: the mean over the seeds that reported the step, with a " +
            "shaded band from the lowest to the highest seed (where a configuration has two or more seeds with curves).",
            [new ReportImage(PlotFile.Save(plot, dir, File), $"{metric} against step, per configuration")]);
    }
}
