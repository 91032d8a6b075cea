using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Sweeps;
using ScottPlot;

namespace CoToSweep.Cli.Report;

/// <summary>
/// <c>objective-vs-&lt;param&gt;.png</c> for each parameter that varies: every scored trial as a point, and each
/// configuration's mean over its seeds with its 95% Student-t interval (the configs board's). Text values sit on a
/// category axis (configurations sharing a value side by side); numbers on a numeric axis, log10 when they span more
/// than a factor of 20 and are all positive.
/// </summary>
internal static class ObjectivePlots
{
    private const double Spread = 0.5;

    public static ReportSection Write(SweepState state, string dir)
    {
        const string title = "Objective against each swept parameter";
        var objective = state.Spec!.Objective;
        var name = SweepFacts.ObjectiveName(objective);
        var scored = SweepFacts.Scored(state);
        var varying = SweepFacts.VaryingParams(state);
        if (varying.Count == 0) return ReportSection.TextOnly(title, "No parameter varies among the trials, so there is nothing to plot the objective against.");
        if (scored.Count == 0) return ReportSection.TextOnly(title, $"No completed trial has a value of {name} yet.");

        var images = varying.Select(p => new ReportImage(Plot(state, scored, p, name, dir),
            $"{name} ({objective.Direction.ToString().ToLowerInvariant()}) against {p}")).ToList();
        return new ReportSection(title,
            $"One plot per parameter that varies: each completed trial's {name} is a small point, each configuration's mean over " +
            "its seeds a large point with its 95% t-interval (as on the configs board; none below two seeds). Text values are " +
            "categories, configurations sharing one side by side; wide positive numeric ranges are on a log10 axis.", images);
    }

    private static string Plot(SweepState state, IReadOnlyList<TrialRecord> scored, string param, string objective, string dir)
    {
        var numeric = scored.All(t => !t.Params.TryGetValue(param, out var v) || v.IsNumeric);
        var values = scored.Where(t => t.Params.ContainsKey(param)).Select(t => t.Params[param]).ToList();
        var log = numeric && values.Count > 0 && values.All(v => v.AsDouble() > 0) && values.Max(v => v.AsDouble()) > 20 * values.Min(v => v.AsDouble());
        var plot = PlotFile.New($"{objective} vs {param}", log ? $"log10({param})" : param, objective);

        var configs = scored.Where(t => t.Params.ContainsKey(param)).GroupBy(t => t.Config).OrderBy(g => g.Key).ToList();
        var categories = numeric ? [] : configs.Select(g => g.First().Params[param].ToString()).Distinct().ToList();
        var x = new Dictionary<int, double>();
        foreach (var g in configs)
        {
            var v = g.First().Params[param];
            if (numeric) { x[g.Key] = log ? Math.Log10(v.AsDouble()) : v.AsDouble(); continue; }
            // Configurations that share the category spread over half a unit around it.
            var same = configs.Where(c => c.First().Params[param].ToString() == v.ToString()).Select(c => c.Key).ToList();
            var offset = same.Count == 1 ? 0 : Spread * (same.IndexOf(g.Key) / (double)(same.Count - 1) - 0.5);
            x[g.Key] = categories.IndexOf(v.ToString()) + offset;
        }

        var trials = plot.Add.ScatterPoints(configs.SelectMany(g => g.Select(_ => x[g.Key])).ToArray(),
            configs.SelectMany(g => g.Select(t => t.Objective!.Value)).ToArray(), PlotFile.ColorOf(0).WithAlpha(0.6));
        trials.MarkerSize = 6;
        trials.LegendText = "trial";

        var stats = configs.Select(g => (X: x[g.Key], S: SampleStats.Of(g.Select(t => t.Objective!.Value).ToList()))).ToList();
        var means = plot.Add.ScatterPoints(stats.Select(s => s.X).ToArray(), stats.Select(s => s.S.Mean!.Value).ToArray(), PlotFile.ColorOf(1));
        means.MarkerSize = 11;
        means.MarkerShape = MarkerShape.FilledDiamond;
        means.LegendText = "configuration mean";
        var withInterval = stats.Where(s => s.S.Ci95High is not null).ToList();
        if (withInterval.Count > 0)
        {
            var bars = plot.Add.ErrorBar(withInterval.Select(s => s.X).ToList(), withInterval.Select(s => s.S.Mean!.Value).ToList(),
                withInterval.Select(s => s.S.Ci95High!.Value - s.S.Mean!.Value).ToList());
            bars.Color = PlotFile.ColorOf(1);
            bars.LineWidth = 2;
            bars.LegendText = "95% interval";
        }
        if (!numeric)
        {
            PlotFile.Categories(plot, categories);
            plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
        }
        plot.ShowLegend(Edge.Right);
        return PlotFile.Save(plot, dir, $"objective-vs-{PlotFile.Safe(param)}.png");
    }
}
