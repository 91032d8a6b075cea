using System.Diagnostics;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;
using Spectre.Console;

namespace CoToSweep.Cli.Live;

/// <summary>The terminal view: a progress bar over finished trials, with counts, best so far and ETA, and one over analyses.</summary>
public sealed class LiveProgressView(IAnsiConsole console) : IProgressView
{
    public async Task<T> ShowAsync<T>(string sweepId, Func<Action<SweepState>, Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        int? finishedAtStart = null;
        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(sweepId), maxValue: 1);
                ProgressTask? analyses = null;
                var result = await run(state =>
                {
                    if (AnalysisCounts.Of(state) is { } counts)
                    {
                        // A second bar over the analyses expected (every kind's: per trial, top k, per configuration).
                        analyses ??= ctx.AddTask("analyses", maxValue: 1);
                        analyses.MaxValue = Math.Max(1, counts.Expected);
                        analyses.Value = counts.Completed + counts.Failed;
                        analyses.Description = Markup.Escape($"{sweepId}  {counts.Phrase}");
                    }
                    finishedAtStart ??= state.Trials.Values.Count(t => t.IsTerminal);
                    var p = SweepProgress.From(state, finishedAtStart.Value, clock.Elapsed);
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Finished;
                    task.Description = Markup.Escape(
                        $"{sweepId}  {p.Running} running · {p.Completed} done · {p.Failed} failed · best {p.Best ?? "-"} · eta {SweepProgress.Format(p.Eta)}");
                });
                ctx.Refresh();
                return result;
            });
    }
}
