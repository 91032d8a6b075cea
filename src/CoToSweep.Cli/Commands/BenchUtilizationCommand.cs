using System.ComponentModel;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Runners;
using CoToSweep.Cli.Bench;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// How much of the slots' time the embedded coordinator wastes: trials that each sleep a fixed time in-process, on the
/// durable embedded run (SQLite journal), against the ideal wall time trials × sleep / slots. Ray Tune documents 14%
/// overhead on its equivalent; the goal here is at most 2%. The floor (the same sleeps with no coordinator, measured in
/// the same run) shows how much of that is the sleep itself.
/// </summary>
public sealed class BenchUtilizationCommand : AsyncCommand<BenchUtilizationCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--trials <N>")]
        [Description("Trials (default 2000).")]
        public int Trials { get; init; } = 2000;

        [CommandOption("--sleep-ms <MS>")]
        [Description("How long each trial sleeps (default 50).")]
        public int SleepMs { get; init; } = 50;

        [CommandOption("--workers <N>")]
        [Description("Local slots (default 16).")]
        public int Workers { get; init; } = 16;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Trials < 1 || settings.Workers < 1 || settings.SleepMs < 1) throw new UserError("--trials, --sleep-ms and --workers must be at least 1");
        var dir = Directory.CreateTempSubdirectory("cotosweep-bench-");
        try
        {
            var ideal = TimeSpan.FromMilliseconds((double)Math.Ceiling(settings.Trials / (double)settings.Workers) * settings.SleepMs);
            Console.Out.WriteLine($"utilization: {settings.Trials} trials sleeping {settings.SleepMs} ms on {settings.Workers} slots, one process; " +
                                  $"ideal {ideal.TotalSeconds:F2} s");
            await NoopBench.MeasureEmbeddedAsync("warm-up (in-memory, 200 trials)", NoopBench.Definition("bench-utilization", 200, settings.SleepMs),
                new EmbeddedRunSettings(JournalSettings.InMemory, Path.Combine(dir.FullName, "a0"), settings.Workers), Interrupts.Token);
            var floor = await SleepFloorAsync(settings, Interrupts.Token);
            Console.Out.WriteLine($"floor: the same sleeps, no coordinator   {floor.TotalSeconds:F2} s ({Overhead(floor, ideal):F1}% over ideal: the sleep's own lateness)");
            var stateDir = Path.Combine(dir.FullName, "state");
            StateDirectory.Prepare(stateDir);
            var run = await NoopBench.MeasureEmbeddedAsync("durable: SQLite journal (WAL)", NoopBench.Definition("bench-utilization", settings.Trials, settings.SleepMs),
                EmbeddedRunSettings.ForStateDirectory(stateDir, settings.Workers), Interrupts.Token);
            Console.Out.WriteLine($"overhead {Overhead(run.Span, ideal):F1}% (first start to last completion {run.Span.TotalSeconds:F2} s); " +
                                  $"with start-up and shut-down {Overhead(run.Wall, ideal):F1}% ({run.Wall.TotalSeconds:F2} s); " +
                                  $"against the floor {Overhead(run.Span, floor):F1}%");
            var slots = SlotBreakdown.Of(run.State!, TimeSpan.FromMilliseconds(settings.SleepMs));
            Console.Out.WriteLine($"per trial beyond its {settings.SleepMs} ms: {slots.LeaseToResultMs:F2} ms from lease to result (lease journaled and delivered, " +
                                  $"the sleep's lateness), {slots.ResultToLeaseMs:F2} ms from result to the slot's next lease; trials per slot " +
                                  $"{slots.FewestTrials}–{slots.MostTrials} (ideal {Math.Ceiling(settings.Trials / (double)settings.Workers):F0}: " +
                                  "a slot over it in the last round adds a whole trial)");
            return ExitCodes.Done;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Each slot's share of the trials run back to back with the noop runner's sleep and nothing else: what the slots
    /// would take with a coordinator that cost nothing.
    /// </summary>
    private static async Task<TimeSpan> SleepFloorAsync(Settings settings, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var perSlot = (int)Math.Ceiling(settings.Trials / (double)settings.Workers);
        await Task.WhenAll(Enumerable.Range(0, settings.Workers).Select(async _ =>
        {
            for (var i = 0; i < perSlot; i++) await PreciseDelay.Wait(TimeSpan.FromMilliseconds(settings.SleepMs), cancellationToken);
        }));
        return clock.Elapsed;
    }

    private static double Overhead(TimeSpan actual, TimeSpan ideal) => 100 * (actual / ideal - 1);
}
