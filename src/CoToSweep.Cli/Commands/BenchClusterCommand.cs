using System.ComponentModel;
using System.Diagnostics;
using CoToSweep.Actors.Cluster;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Cli.Bench;
using CoToSweep.Domain.Sweeps;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// The cluster on real processes of this program on 127.0.0.1: a coordinator (SQLite state in a temp dir) and two
/// workers. (a) Trials per second of no-op trials through them, against the durable embedded run with as many slots
/// measured in the same run; (b) the time from kill -9 of a worker running a trial to that trial's next attempt
/// starting on the other worker. Every child process is killed on exit, Ctrl-C included.
/// </summary>
public sealed class BenchClusterCommand : AsyncCommand<BenchClusterCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--trials <N>")]
        [Description("No-op trials for the throughput run, after a warm-up sweep of as many through the same nodes (default 2000).")]
        public int Trials { get; init; } = 2000;

        [CommandOption("--cpu-slots <N>")]
        [Description("CPU slots per worker process (default 8).")]
        public int CpuSlots { get; init; } = 8;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Trials < 1 || settings.CpuSlots < 1) throw new UserError("--trials and --cpu-slots must be at least 1");
        var dir = Directory.CreateTempSubdirectory("cotosweep-bench-cluster-");
        var token = Interrupts.Token;
        using var children = new BenchProcesses(dir.FullName) { VerboseNodes = false };
        try
        {
            var slots = 2 * settings.CpuSlots;
            Console.Out.WriteLine($"cluster: {settings.Trials} no-op trials, coordinator + 2 worker processes x {settings.CpuSlots} slots, 127.0.0.1");
            var definition = NoopBench.Definition("bench-cluster", settings.Trials);
            await NoopBench.MeasureEmbeddedAsync("warm-up (embedded, 200 trials)", NoopBench.Definition("bench-cluster", 200),
                new EmbeddedRunSettings(JournalSettings.InMemory, Path.Combine(dir.FullName, "e0"), slots), token);
            var embeddedDir = Path.Combine(dir.FullName, "embedded");
            StateDirectory.Prepare(embeddedDir);
            var embedded = await NoopBench.MeasureEmbeddedAsync($"embedded: 1 process, {slots} slots, SQLite", definition,
                EmbeddedRunSettings.ForStateDirectory(embeddedDir, slots), token);

            var port = BenchProcesses.FreePort();
            var state = Path.Combine(dir.FullName, "coordinator");
            var coordinator = children.Start("coordinator", "coordinator", "--host", "127.0.0.1", "--port", port.ToString(), "--state", state);
            await children.WaitFor(coordinator, "Coordinator up with", TimeSpan.FromSeconds(60), token);
            var workers = new List<(BenchProcesses.Child Process, int Port)>();
            for (var i = 1; i <= 2; i++)
            {
                var workerPort = BenchProcesses.FreePort();
                var worker = children.Start($"worker{i}", "worker", "--join", $"127.0.0.1:{port}", "--host", "127.0.0.1", "--port", workerPort.ToString(),
                    "--cpu-slots", settings.CpuSlots.ToString(), "--state", Path.Combine(dir.FullName, $"worker{i}"));
                workers.Add((worker, workerPort));
            }
            // The cluster leader (the lowest address, which may be a worker) logs each node it moves to Up.
            foreach (var (worker, workerPort) in workers)
                await children.WaitFor(worker, $"127.0.0.1:{workerPort}] to [Up]", TimeSpan.FromSeconds(60), token, anyChild: true);

            var journal = new SweepStateCache(new SqliteJournalReader(StateDirectory.JournalPath(state)));
            var nodes = new[] { ("coordinator", coordinator) }.Concat(workers.Select((w, i) => ($"worker {i + 1}", w.Process))).ToList();
            // The nodes' first trials compile their code paths (tiered JIT): a sweep as big first, so that the measured one
            // shows what a cluster that has been up a while does (the embedded run above was warmed in this process the same way).
            await MeasureAsync($"warm-up (cluster, {settings.Trials} trials)", NoopBench.Definition("bench-cluster-warm-up", settings.Trials), settings.Trials);
            var cluster = await MeasureAsync($"cluster: 3 processes, {slots} slots, SQLite", definition, settings.Trials);
            Console.Out.WriteLine($"cluster throughput: {cluster.SpanRate:F0} trials/s from the first start to the last completion " +
                                  "(the wall clock above includes starting the submit command, a .NET process)");
            Console.Out.WriteLine($"ratio cluster/embedded (first start to last completion): {cluster.SpanRate / embedded.SpanRate:F2}");

            async Task<NoopBench.Figures> MeasureAsync(string label, SweepDefinition sweep, int trials)
            {
                var wall = Stopwatch.StartNew();
                await children.Submit(sweep, port, token);
                // CPU per trial of each node, from the submit command's exit on: steadier than a rate on a shared 2-core machine.
                var cpuBefore = nodes.Select(n => n.Item2.Process.TotalProcessorTime).ToList();
                var done = await BenchProcesses.Poll(journal, sweep.Id, s => s.Count(TrialStatus.Completed) == trials, TimeSpan.FromSeconds(600), token);
                wall.Stop();
                var completed = done.Count(TrialStatus.Completed);
                var figures = new NoopBench.Figures(completed, wall.Elapsed, NoopBench.Span(done));
                NoopBench.Print(label, figures);
                var cpu = nodes.Select((n, i) => $"{n.Item1} {(n.Item2.Process.TotalProcessorTime - cpuBefore[i]).TotalMilliseconds / completed:F3}");
                Console.Out.WriteLine($"  cpu per trial (ms, user + system): {string.Join(", ", cpu)}");
                return figures;
            }

            await MeasureFailover(children, journal, port, workers, token);
            return ExitCodes.Done;
        }
        finally
        {
            children.Dispose();
            try { dir.Delete(recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>(b): kill -9 a worker while it runs a long no-op trial; time until that trial's next attempt starts.</summary>
    private static async Task MeasureFailover(BenchProcesses children, SweepStateCache journal, int port, List<(BenchProcesses.Child Process, int Port)> workers, CancellationToken token)
    {
        var definition = NoopBench.Definition("bench-failover", 2, sleepMs: 120_000);
        await children.Submit(definition, port, token);
        var running = await BenchProcesses.Poll(journal, definition.Id, s => s.Count(TrialStatus.Running) == 2, TimeSpan.FromSeconds(60), token);
        var (victim, victimPort) = workers.First(w => running.TrialsInOrder.Any(t => OnNode(t, w.Port)));
        var lost = running.TrialsInOrder.Where(t => OnNode(t, victimPort)).Select(t => t.Id).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3), token);   // let the trial settle into its heartbeats
        victim.Kill();
        var killed = DateTimeOffset.UtcNow;
        var rerun = await BenchProcesses.Poll(journal, definition.Id,
            s => lost.All(id => s.Trials[id] is { Attempt: >= 2, Status: TrialStatus.Running }), TimeSpan.FromSeconds(120), token);
        Console.Out.WriteLine($"failover: kill -9 of worker 127.0.0.1:{victimPort} while it ran {string.Join(", ", lost)}");
        foreach (var id in lost)
        {
            var t = rerun.Trials[id];
            Console.Out.WriteLine($"  {id} attempt {t.Attempt} started on {t.Worker} {(t.StartedAt!.Value - killed).TotalSeconds:F2} s after the kill");
        }
        Console.Out.WriteLine($"  settings: split-brain stable-after {ClusterNodeSettings.DefaultStableAfter.TotalSeconds:F0} s, " +
                              $"lease timeout {CoordinatorSettings.Cluster.LeaseTimeout.TotalSeconds:F0} s " +
                              $"(checked every {CoordinatorSettings.Cluster.LeaseCheckInterval.TotalSeconds:F0} s)");
    }

    private static bool OnNode(TrialRecord t, int port) =>
        t.Status == TrialStatus.Running && t.Worker?.Contains($"@127.0.0.1:{port}/", StringComparison.Ordinal) == true;
}
