using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Live;

/// <summary>
/// For pipes, files and CI logs: one timestamped line whenever the counts change (at most every
/// <paramref name="minInterval"/>), and for each running trial a line with its step and latest objective at most every
/// <paramref name="trialInterval"/> (default 30 s; the first once it has run that long), so a long trial shows it lives.
/// </summary>
public sealed class PlainProgressView(TextWriter output, TimeSpan minInterval, TimeProvider? time = null, TimeSpan? trialInterval = null) : IProgressView
{
    public static readonly TimeSpan DefaultTrialInterval = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _trialInterval = trialInterval ?? DefaultTrialInterval;

    public async Task<T> ShowAsync<T>(string sweepId, Func<Action<SweepState>, Task<T>> run)
    {
        var start = _time.GetUtcNow();
        int? finishedAtStart = null;
        string? lastCounts = null;
        DateTimeOffset? lastWrite = null;
        var trialLines = new Dictionary<string, DateTimeOffset>();
        return await run(state =>
        {
            var now = _time.GetUtcNow();
            finishedAtStart ??= state.Trials.Values.Count(t => t.IsTerminal);
            var p = SweepProgress.From(state, finishedAtStart.Value, now - start);
            var counts = $"{p.Finished}/{p.Running}/{p.Best}/{p.Analyses?.Completed}/{p.Analyses?.Evaluations}";
            var done = p.Finished == p.Total && p.Analyses is not { Running: > 0 };
            if (counts != lastCounts && (done || lastWrite is not { } last || now - last >= minInterval))
            {
                lastCounts = counts;
                lastWrite = now;
                output.WriteLine($"[{now.ToLocalTime():HH:mm:ss}] {sweepId}: {p.Summary}");
            }
            TrialLines(state, now, trialLines);
        });
    }

    /// <summary>A line per running trial whose last line (or start) is at least the trial interval ago.</summary>
    private void TrialLines(SweepState state, DateTimeOffset now, Dictionary<string, DateTimeOffset> lastLine)
    {
        var running = RunningTrial.Of(state, now);
        foreach (var gone in lastLine.Keys.Except(running.Select(r => r.Id)).ToList()) lastLine.Remove(gone);
        foreach (var t in running)
        {
            var since = lastLine.TryGetValue(t.Id, out var at) ? at : now - t.Running;
            if (now - since < _trialInterval) continue;
            lastLine[t.Id] = now;
            output.WriteLine($"[{now.ToLocalTime():HH:mm:ss}]   {t.Line(state.Spec?.Objective.Metric)}");
        }
    }
}
