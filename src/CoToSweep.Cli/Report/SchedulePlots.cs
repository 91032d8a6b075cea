using System.Globalization;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training.Coto;
using ScottPlot;

namespace CoToSweep.Cli.Report;

/// <summary>
/// <c>schedules.png</c> (coto sweeps): each distinct activation-probability schedule p(t) over steps 0..T, computed from
/// the trials' schedule parameters by the trainer's own <see cref="Schedule"/>, with what the trials reported: the
/// realised fraction of active adapter groups (mean over each evaluation window) and p at the window's end.
/// </summary>
internal static class SchedulePlots
{
    public const string File = "schedules.png";
    private const int Samples = 400;

    public static ReportSection Write(SweepState state, string dir)
    {
        const string title = "Activation schedules";
        var kind = state.Spec!.Trial.Kind;
        if (kind != CotoKind.Name)
            return ReportSection.TextOnly(title, $"Trials of kind '{kind}' have no activation-probability schedule, so there is no schedule plot.");

        var schedules = new List<(ScheduleSpec Schedule, int Steps, List<TrialRecord> Trials)>();
        foreach (var t in state.TrialsInOrder)
        {
            CotoConfig config;
            try { config = CotoConfigReader.FromParams(t.Params, t.Seed); }
            catch (ArgumentException) { continue; }
            var i = schedules.FindIndex(s => s.Schedule == config.Schedule && s.Steps == config.Steps);
            if (i < 0) schedules.Add((config.Schedule, config.Steps, [t]));
            else schedules[i].Trials.Add(t);
        }
        if (schedules.Count == 0) return ReportSection.TextOnly(title, "No trial has valid schedule parameters.");

        var plot = PlotFile.New("activation probability p(t) and realised active fraction", "step", "probability / fraction active");
        for (var i = 0; i < schedules.Count; i++)
        {
            var (schedule, steps, trials) = schedules[i];
            var color = PlotFile.ColorOf(i);
            var n = Math.Min(steps, Samples);
            var xs = Enumerable.Range(0, n + 1).Select(k => Math.Round((double)k * steps / n)).ToArray();
            var line = plot.Add.ScatterLine(xs, xs.Select(s => Schedule.P(schedule, (long)s, steps)).ToArray(), color);
            line.LineWidth = 2;
            line.LegendText = $"p(t): {Describe(schedule)} ({trials.Count} trial{(trials.Count == 1 ? "" : "s")})";
            Points(plot, trials, "active_fraction", color, MarkerShape.FilledCircle, $"active fraction ({schedule.Shape})");
            Points(plot, trials, "p", color, MarkerShape.Eks, null);
        }
        plot.Axes.SetLimitsY(-0.05, 1.05);
        plot.ShowLegend(Edge.Right);
        return new ReportSection(title,
            "Lines: p(t), the probability that an adapter group is active at step t, for each distinct schedule of the sweep " +
            "(computed from the trials' `schedule.*` parameters and `steps` with the trainer's schedule code). Circles: the " +
            "fraction of adapter groups the trials actually trained, averaged over each evaluation window (at least one group " +
            "is always active, so it sits above p where p is small); crosses: p as the trials reported it at the window's end.",
            [new ReportImage(PlotFile.Save(plot, dir, File), "p(t) per schedule with the realised active fraction")]);
    }

    private static void Points(Plot plot, IReadOnlyList<TrialRecord> trials, string metric, Color color, MarkerShape shape, string? legend)
    {
        var points = trials.SelectMany(t => SweepFacts.Series(t, metric)).ToList();
        if (points.Count == 0) return;
        var markers = plot.Add.ScatterPoints(points.Select(p => (double)p.Key).ToArray(), points.Select(p => p.Value).ToArray(), color);
        markers.MarkerShape = shape;
        markers.MarkerSize = 7;
        if (legend is not null) markers.LegendText = legend;
    }

    private static string Describe(ScheduleSpec s) => s.Shape == "constant"
        ? string.Create(CultureInfo.InvariantCulture, $"constant {s.PEnd:0.##}")
        : string.Create(CultureInfo.InvariantCulture, $"{s.Shape} {s.PStart:0.##}→{s.PEnd:0.##} over {s.RampFraction:0.##}");
}
