using System.ComponentModel;
using System.Diagnostics;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Cli.Bench;
using CoToSweep.Domain.Sweeps;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Trials per second through the durable embedded coordinator (SQLite journal, WAL) with in-process no-op trials,
/// against the same run on Akka's in-memory journal measured in the same process: the ratio is what durability costs.
/// Also times a cold replay of the finished sweep from the journal (what status and leaderboard do).
/// </summary>
public sealed class BenchDispatchCommand : AsyncCommand<BenchDispatchCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--trials <N>")]
        [Description("Trials per run (default 3000).")]
        public int Trials { get; init; } = 3000;

        [CommandOption("--workers <N>")]
        [Description("Local slots (default 16).")]
        public int Workers { get; init; } = 16;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Trials < 1 || settings.Workers < 1) throw new UserError("--trials and --workers must be at least 1");
        var dir = Directory.CreateTempSubdirectory("cotosweep-bench-");
        try
        {
            var definition = NoopBench.Definition("bench-dispatch", settings.Trials);
            Console.Out.WriteLine($"dispatch: {settings.Trials} no-op trials, {settings.Workers} slots, one process");

            // Both journals' code paths are compiled before either is measured (the durable one's alone, cold, costs about 0.2 s).
            await NoopBench.MeasureEmbeddedAsync("warm-up (in-memory, 200 trials)", NoopBench.Definition("bench-dispatch", 200),
                new EmbeddedRunSettings(JournalSettings.InMemory, Path.Combine(dir.FullName, "a0"), settings.Workers), Interrupts.Token);
            var warmState = Path.Combine(dir.FullName, "warm");
            StateDirectory.Prepare(warmState);
            await NoopBench.MeasureEmbeddedAsync("warm-up (SQLite, 200 trials)", NoopBench.Definition("bench-dispatch-warm-up", 200),
                EmbeddedRunSettings.ForStateDirectory(warmState, settings.Workers), Interrupts.Token);
            var baseline = (await NoopBench.MeasureEmbeddedAsync("baseline: in-memory journal", definition,
                new EmbeddedRunSettings(JournalSettings.InMemory, Path.Combine(dir.FullName, "a1"), settings.Workers), Interrupts.Token)).WallRate;
            var stateDir = Path.Combine(dir.FullName, "state");
            StateDirectory.Prepare(stateDir);
            var durable = (await NoopBench.MeasureEmbeddedAsync("durable: SQLite journal (WAL)", definition,
                EmbeddedRunSettings.ForStateDirectory(stateDir, settings.Workers), Interrupts.Token)).WallRate;
            Console.Out.WriteLine($"ratio durable/in-memory: {durable / baseline:F2}");

            var replay = Stopwatch.StartNew();
            var state = new SweepCatalog(new SqliteJournalReader(StateDirectory.JournalPath(stateDir))).Load(definition.Id)!;
            replay.Stop();
            Console.Out.WriteLine($"replay from journal: {state.Trials.Count} trials in {replay.Elapsed.TotalMilliseconds:F0} ms " +
                                  $"({state.Trials.Count / replay.Elapsed.TotalSeconds:F0} trials/s)");
            return ExitCodes.Done;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
