using System.Diagnostics;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Live;

/// <summary>For pipes, files and CI logs: one timestamped line whenever the counts change, at most every few seconds.</summary>
public sealed class PlainProgressView(TextWriter output, TimeSpan minInterval) : IProgressView
{
    public async Task<T> ShowAsync<T>(string sweepId, Func<Action<SweepState>, Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        int? finishedAtStart = null;
        string? lastCounts = null;
        TimeSpan? lastWrite = null;
        return await run(state =>
        {
            finishedAtStart ??= state.Trials.Values.Count(t => t.IsTerminal);
            var p = SweepProgress.From(state, finishedAtStart.Value, clock.Elapsed);
            var counts = $"{p.Finished}/{p.Running}/{p.Best}/{p.Analyses?.Completed}/{p.Analyses?.Evaluations}";
            var done = p.Finished == p.Total && p.Analyses is not { Running: > 0 };
            if (counts == lastCounts || (!done && lastWrite is { } last && clock.Elapsed - last < minInterval)) return;
            lastCounts = counts;
            lastWrite = clock.Elapsed;
            output.WriteLine($"[{DateTime.Now:HH:mm:ss}] {sweepId}: {p.Summary}");
        });
    }
}
