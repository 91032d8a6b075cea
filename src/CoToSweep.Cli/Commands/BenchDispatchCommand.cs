using System.ComponentModel;
using System.Diagnostics;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Actors.Runners;
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
            var yaml = $"""
                name: bench-dispatch
                trial: {"{"} kind: noop {"}"}
                objective: {"{"} metric: score, direction: maximize {"}"}
                search:
                  algorithm: random
                  max_trials: {settings.Trials}
                  space:
                    x: {"{"} uniform: [0, 1] {"}"}
                """;
            var definition = SpecReader.Parse(yaml);
            if (!definition.IsValid) throw new InvalidOperationException(string.Join("; ", definition.Problems.Select(p => p.Message)));
            Console.Out.WriteLine($"dispatch: {settings.Trials} no-op trials, {settings.Workers} slots, one process");

            await Measure("warm-up (in-memory, 200 trials)", SpecReader.Parse(yaml.Replace($"max_trials: {settings.Trials}", "max_trials: 200")),
                new EmbeddedRunSettings(JournalSettings.InMemory, Path.Combine(dir.FullName, "a0"), settings.Workers));
            var baseline = await Measure("baseline: in-memory journal", definition,
                new EmbeddedRunSettings(JournalSettings.InMemory, Path.Combine(dir.FullName, "a1"), settings.Workers));
            var stateDir = Path.Combine(dir.FullName, "state");
            StateDirectory.Prepare(stateDir);
            var durable = await Measure("durable: SQLite journal (WAL)", definition, EmbeddedRunSettings.ForStateDirectory(stateDir, settings.Workers));
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

    private static async Task<double> Measure(string label, SweepDefinition definition, EmbeddedRunSettings settings)
    {
        var clock = Stopwatch.StartNew();
        await using (var run = await EmbeddedRun.StartAsync(definition, settings, [new NoopTrialRunner()], Interrupts.Token))
        {
            var state = await run.WaitAsync(_ => { }, TimeSpan.FromMilliseconds(20), Interrupts.Token);
            clock.Stop();
            var rate = state.Trials.Count / clock.Elapsed.TotalSeconds;
            Console.Out.WriteLine($"{label,-34} {state.Count(TrialStatus.Completed),6} trials in {clock.Elapsed.TotalSeconds,6:F2} s = {rate,8:F0} trials/s");
            return rate;
        }
    }
}
