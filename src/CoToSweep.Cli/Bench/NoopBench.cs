using System.Diagnostics;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Bench;

/// <summary>
/// What the dispatch benchmarks share: a sweep of <c>noop</c> trials, and one measured embedded run of it (coordinator
/// and slots in this process), so that a cluster figure is printed against a baseline measured the same way.
/// </summary>
public static class NoopBench
{
    /// <summary>
    /// The measured figures of one run: wall clock from start to end, the span of the trials themselves, and (for an
    /// embedded run) the fixed costs inside the wall clock: start-up to the first trial's start (actor system, journal
    /// open and recovery, submission, first lease) and shut-down (slots and actor system stopped); the sweep's final
    /// state where the run had it.
    /// </summary>
    public sealed record Figures(int Completed, TimeSpan Wall, TimeSpan Span, TimeSpan? StartUp = null, TimeSpan? ShutDown = null,
        SweepState? State = null)
    {
        public double WallRate => Completed / Wall.TotalSeconds;

        /// <summary>Trials per second from the first trial's start to the last one's completion (journal timestamps).</summary>
        public double SpanRate => Completed / Span.TotalSeconds;
    }

    /// <summary>A random-search sweep of <paramref name="trials"/> no-op trials; <paramref name="sleepMs"/> makes each one wait.</summary>
    public static SweepDefinition Definition(string name, int trials, int? sleepMs = null)
    {
        var sleep = sleepMs is { } ms ? $"\n    sleep_ms: [{ms}]" : "";
        var yaml = $$"""
            name: {{name}}
            trial: { kind: noop }
            objective: { metric: score, direction: maximize }
            search:
              algorithm: random
              max_trials: {{trials}}
              space:
                x: { uniform: [0, 1] }{{sleep}}
            """;
        return Parse(yaml);
    }

    /// <summary>A bench's own sweep file, which must be valid.</summary>
    public static SweepDefinition Parse(string yaml)
    {
        var definition = SpecReader.Parse(yaml);
        return definition.IsValid ? definition : throw new InvalidOperationException(string.Join("; ", definition.Problems.Select(p => p.Message)));
    }

    /// <summary>First start to last completion over the completed trials of a sweep.</summary>
    public static TimeSpan Span(SweepState state)
    {
        var done = Completed(state);
        return done.Count == 0 ? TimeSpan.Zero : done.Max(t => t.FinishedAt!.Value) - done.Min(t => t.StartedAt!.Value);
    }

    /// <summary>When the last completed trial of a sweep finished (journal time).</summary>
    public static DateTimeOffset LastCompletion(SweepState state) => Completed(state).Max(t => t.FinishedAt!.Value);

    private static List<TrialRecord> Completed(SweepState state) =>
        state.Trials.Values.Where(t => t.Status == TrialStatus.Completed && t.StartedAt is not null && t.FinishedAt is not null).ToList();

    /// <summary>Runs the sweep embedded with in-process no-op runners and prints one line of figures under <paramref name="label"/>.</summary>
    public static async Task<Figures> MeasureEmbeddedAsync(string label, SweepDefinition definition, EmbeddedRunSettings settings, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var run = await EmbeddedRun.StartAsync(definition, settings, [new NoopTrialRunner()], cancellationToken);
        SweepState state;
        TimeSpan finished;
        try
        {
            state = await run.WaitAsync(_ => { }, TimeSpan.FromMilliseconds(20), cancellationToken);
            finished = clock.Elapsed;
        }
        finally
        {
            await run.DisposeAsync();
        }
        clock.Stop();
        var first = state.TrialsInOrder.Select(t => t.StartedAt).Min();
        var figures = new Figures(state.Count(TrialStatus.Completed), clock.Elapsed, Span(state), first - started, clock.Elapsed - finished, state);
        Print(label, figures);
        return figures;
    }

    public static void Print(string label, Figures f) =>
        Console.Out.WriteLine($"{label,-34} {f.Completed,6} trials in {f.Wall.TotalSeconds,6:F2} s = {f.WallRate,8:F0} trials/s" +
                              $" (first start to last completion {f.SpanRate:F0}/s" +
                              (f is { StartUp: { } up, ShutDown: { } down } ? $"; start-up {up.TotalMilliseconds:F0} ms, shut-down {down.TotalMilliseconds:F0} ms)" : ")"));
}
