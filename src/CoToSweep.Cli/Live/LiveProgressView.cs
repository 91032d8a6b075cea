using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CoToSweep.Cli.Live;

/// <summary>
/// The terminal view: a progress bar over finished trials with counts, best so far and ETA, one over analyses, and
/// under them the running trials (id, the parameters that vary, step, latest objective, time running), as many as
/// fit the terminal's height (the rest counted in one line).
/// </summary>
public sealed class LiveProgressView(IAnsiConsole console, TimeProvider? time = null) : IProgressView
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Lines besides the trial rows: two bars, the table's border, header and rule, the "more" line, a spare.</summary>
    private const int Chrome = 7;

    public async Task<T> ShowAsync<T>(string sweepId, Func<Action<SweepState>, Task<T>> run)
    {
        var start = _time.GetUtcNow();
        int? finishedAtStart = null;
        return await console.Live(new Text(sweepId)).AutoClear(false).StartAsync(async ctx =>
        {
            var result = await run(state =>
            {
                finishedAtStart ??= state.Trials.Values.Count(t => t.IsTerminal);
                var now = _time.GetUtcNow();
                ctx.UpdateTarget(Render(sweepId, state, SweepProgress.From(state, finishedAtStart.Value, now - start), now,
                    console.Profile.Width, console.Profile.Height));
            });
            ctx.Refresh();
            return result;
        });
    }

    /// <summary>What the view shows for one state, at a terminal's size.</summary>
    public static IRenderable Render(string sweepId, SweepState state, SweepProgress p, DateTimeOffset now, int width, int height)
    {
        var barWidth = Math.Clamp(width / 4, 10, 40);
        var rows = new List<IRenderable>
        {
            new Markup($"{Bar(p.Finished, p.Total, barWidth)} {Markup.Escape($"{sweepId}  {p.Running} running · {p.Completed} done · {p.Failed} failed" +
                $" · best {p.Best ?? "-"} · elapsed {SweepProgress.Format(p.Elapsed)} · eta {SweepProgress.Format(p.Eta)}")}"),
        };
        if (AnalysisCounts.Of(state) is { } a)
            rows.Add(new Markup($"{Bar(a.Completed + a.Failed, Math.Max(1, a.Expected), barWidth)} {Markup.Escape($"analyses  {a.Phrase}")}"));
        var running = RunningTrial.Of(state, now);
        if (running.Count > 0)
        {
            var fit = Math.Max(1, height - Chrome);
            var metric = state.Spec?.Objective.Metric ?? "objective";
            var table = new Table().Border(TableBorder.Simple).AddColumns("trial", "parameters", "step", metric, "running");
            table.Columns[2].RightAligned();
            table.Columns[3].RightAligned();
            table.Columns[4].RightAligned();
            foreach (var t in running.Take(fit))
                table.AddRow(Markup.Escape(t.Id), Markup.Escape(t.Params), t.Step?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                    SweepProgress.Format(t.Objective), SweepProgress.Format(t.Running));
            rows.Add(table);
            if (running.Count > fit) rows.Add(new Text($"… and {running.Count - fit} more running (cotosweep status {sweepId})"));
        }
        return new Rows(rows);
    }

    /// <summary>A text bar and percentage, e.g. <c>━━━━━━━━──────── 50%</c>.</summary>
    private static string Bar(int done, int total, int width)
    {
        var fraction = total <= 0 ? 1 : Math.Clamp((double)done / total, 0, 1);
        var filled = (int)Math.Round(fraction * width);
        return $"[green]{new string('━', filled)}[/][grey]{new string('━', width - filled)}[/] {fraction * 100,3:F0}%";
    }
}
