using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Cli.Bench;
using CoToSweep.Domain.Sweeps;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Chaos soak on real processes on 127.0.0.1: a coordinator and 3 workers run a sweep of short command trials while
/// random nodes (the coordinator included) are killed with SIGKILL and started again. Each trial process records its
/// start; once the sweep ends the journal and those records give <c>lost</c> (planned trials not completed),
/// <c>duplicated</c> (trials completed more than once in the journal) and <c>finished re-run</c> (trial runs started
/// after that trial's result was journaled). All three must be 0; the exit code is 1 otherwise.
/// </summary>
public sealed class BenchChaosCommand : AsyncCommand<BenchChaosCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--minutes <N>")]
        [Description("How long nodes are killed and restarted (default 1; fractions allowed).")]
        public double Minutes { get; init; } = 1;

        [CommandOption("--trials <N>")]
        [Description("Trials of the sweep (default: about what 3 workers x 2 slots run in --minutes).")]
        public int? Trials { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed of the kill schedule (default 1).")]
        public int Seed { get; init; } = 1;
    }

    private const int Workers = 3;
    private const int SlotsPerWorker = 2;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Minutes <= 0) throw new UserError("--minutes must be more than 0");
        if (settings.Trials is < 1) throw new UserError("--trials must be at least 1");
        var trials = settings.Trials ?? Math.Max(30, (int)(settings.Minutes * 60 * Workers * SlotsPerWorker / 1.5));
        var dir = Directory.CreateTempSubdirectory("cotosweep-bench-chaos-");
        var token = Interrupts.Token;
        using var nodes = new BenchProcesses(dir.FullName);
        try
        {
            Console.Out.WriteLine($"chaos: {trials} command trials (0.2-1.0 s each), coordinator + {Workers} workers x {SlotsPerWorker} slots, " +
                                  $"127.0.0.1, kills for {settings.Minutes:0.##} min (seed {settings.Seed})");
            var cluster = new ChaosCluster(nodes, dir.FullName, Workers, SlotsPerWorker);
            await cluster.StartAsync(token);
            var runs = Path.Combine(dir.FullName, "runs");
            var definition = Sweep(trials, runs);
            var wall = Stopwatch.StartNew();
            await nodes.Submit(definition, cluster.Port, token);

            var journal = new SweepStateCache(new SqliteJournalReader(StateDirectory.JournalPath(cluster.StateDir)));
            var kills = await cluster.KillAndRestartAsync(TimeSpan.FromMinutes(settings.Minutes), new Random(settings.Seed),
                () => journal.Load(definition.Id) is { Phase: SweepPhase.Completed or SweepPhase.Failed }, token);
            Console.Out.WriteLine($"kills: {kills.Workers} of a worker, {kills.Coordinator} of the coordinator");
            var done = await BenchProcesses.Poll(journal, definition.Id, s => s.Phase is SweepPhase.Completed or SweepPhase.Failed,
                TimeSpan.FromMinutes(5), token);
            wall.Stop();

            var verdict = Verdict(new SqliteJournalReader(StateDirectory.JournalPath(cluster.StateDir)), definition.Id, done, runs);
            Console.Out.WriteLine($"sweep {done.Phase.ToString().ToLowerInvariant()} in {wall.Elapsed.TotalSeconds:F1} s: " +
                                  $"{done.Count(TrialStatus.Completed)} of {trials} trials completed, {verdict.Runs} trial runs");
            Console.Out.WriteLine($"lost {verdict.Lost}, duplicated {verdict.Duplicated}, finished re-run {verdict.Rerun}");
            return verdict.Lost + verdict.Duplicated + verdict.Rerun == 0 ? ExitCodes.Done : ExitCodes.Failed;
        }
        finally
        {
            nodes.Dispose();
            try { dir.Delete(recursive: true); }
            catch (IOException) { }
        }
    }

    private sealed record Figures(int Lost, int Duplicated, int Rerun, int Runs);

    private static Figures Verdict(IJournalReader journal, string sweepId, SweepState done, string runs)
    {
        var completions = journal.Events(SweepCoordinator.PersistenceIdFor(sweepId)).OfType<SweepEvents.TrialCompleted>().GroupBy(c => c.TrialId).ToList();
        var lost = done.Trials.Count - completions.Count;
        var duplicated = completions.Sum(g => g.Count() - 1);
        var starts = File.Exists(runs) ? File.ReadAllLines(runs).Select(ParseStart).ToList() : [];
        // A run that started after its trial's completion was journaled: work done again for a result already kept.
        var rerun = starts.Count(s => done.Trials.TryGetValue(s.Trial, out var t) && t.FinishedAt is { } at && t.Status == TrialStatus.Completed
                                      && s.At > at);
        return new Figures(lost, duplicated, rerun, starts.Count);
    }

    private static (string Trial, DateTimeOffset At) ParseStart(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var nanos = long.Parse(parts[1], CultureInfo.InvariantCulture);
        return (parts[0], DateTimeOffset.FromUnixTimeMilliseconds(nanos / 1_000_000));
    }

    /// <summary>Command trials that record their start (trial id, wall clock in ns) in <paramref name="runs"/>, then sleep.</summary>
    private static SweepDefinition Sweep(int trials, string runs)
    {
        var yaml = $$$"""
            name: bench-chaos
            trial:
              kind: command
              command: [sh, -c, "echo {trial_id} $(date +%s%N) >> '{{{runs}}}'; sleep {d}; echo 'cotosweep {\"val\": {d}}'"]
            objective: { metric: val, direction: maximize }
            search:
              algorithm: random
              max_trials: {{{trials}}}
              space:
                d: { uniform: [0.2, 1.0] }
            """;
        return NoopBench.Parse(yaml);
    }
}
