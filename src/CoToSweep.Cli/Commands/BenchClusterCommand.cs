using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
        [Description("No-op trials for the throughput run (default 2000).")]
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
        using var children = new Children(dir.FullName);
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

            var port = FreePort();
            var state = Path.Combine(dir.FullName, "coordinator");
            var coordinator = children.Start("coordinator", "coordinator", "--host", "127.0.0.1", "--port", port.ToString(), "--state", state);
            await children.WaitFor(coordinator, "Coordinator up with", TimeSpan.FromSeconds(60), token);
            var workers = new List<(Child Process, int Port)>();
            for (var i = 1; i <= 2; i++)
            {
                var workerPort = FreePort();
                var worker = children.Start($"worker{i}", "worker", "--join", $"127.0.0.1:{port}", "--host", "127.0.0.1", "--port", workerPort.ToString(),
                    "--cpu-slots", settings.CpuSlots.ToString(), "--state", Path.Combine(dir.FullName, $"worker{i}"));
                workers.Add((worker, workerPort));
            }
            // The cluster leader (the lowest address, which may be a worker) logs each node it moves to Up.
            foreach (var (worker, workerPort) in workers)
                await children.WaitFor(worker, $"127.0.0.1:{workerPort}] to [Up]", TimeSpan.FromSeconds(60), token, anyChild: true);

            var journal = new SweepCatalog(new SqliteJournalReader(StateDirectory.JournalPath(state)));
            var wall = Stopwatch.StartNew();
            await children.Submit(definition, port, token);
            var done = await Poll(journal, definition.Id, s => s.Count(TrialStatus.Completed) == settings.Trials, TimeSpan.FromSeconds(600), token);
            wall.Stop();
            var cluster = new NoopBench.Figures(done.Count(TrialStatus.Completed), wall.Elapsed, NoopBench.Span(done));
            NoopBench.Print($"cluster: 3 processes, {slots} slots, SQLite", cluster);
            Console.Out.WriteLine($"ratio cluster/embedded (first start to last completion): {cluster.SpanRate / embedded.SpanRate:F2}");

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
    private static async Task MeasureFailover(Children children, SweepCatalog journal, int port, List<(Child Process, int Port)> workers, CancellationToken token)
    {
        var definition = NoopBench.Definition("bench-failover", 2, sleepMs: 120_000);
        await children.Submit(definition, port, token);
        var running = await Poll(journal, definition.Id, s => s.Count(TrialStatus.Running) == 2, TimeSpan.FromSeconds(60), token);
        var (victim, victimPort) = workers.First(w => running.TrialsInOrder.Any(t => OnNode(t, w.Port)));
        var lost = running.TrialsInOrder.Where(t => OnNode(t, victimPort)).Select(t => t.Id).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3), token);   // let the trial settle into its heartbeats
        victim.Kill();
        var killed = DateTimeOffset.UtcNow;
        var rerun = await Poll(journal, definition.Id,
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

    private static async Task<SweepState> Poll(SweepCatalog journal, string sweepId, Func<SweepState, bool> until, TimeSpan timeout, CancellationToken token)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (journal.Load(sweepId) is { } state && until(state)) return state;
            if (deadline.Elapsed > timeout) throw new UserError($"bench cluster: sweep {sweepId} did not get there within {timeout.TotalSeconds:F0} s", ExitCodes.Failed);
            await Task.Delay(100, token);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A child process of this program whose output is kept (the last lines go into an error message).</summary>
    private sealed class Child(string name, Process process)
    {
        private readonly StringBuilder _output = new();

        public string Name { get; } = name;
        public Process Process { get; } = process;

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public void Append(string? line)
        {
            if (line is not null) lock (_output) _output.AppendLine(line);
        }

        public void Kill()
        {
            try { if (!Process.HasExited) Process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
        }
    }

    /// <summary>Every process this run started; all are killed when it is disposed or when this process exits.</summary>
    private sealed class Children : IDisposable
    {
        private readonly string _workDir;
        private readonly List<Child> _all = [];
        private readonly EventHandler _onExit;

        public Children(string workDir)
        {
            _workDir = workDir;
            _onExit = (_, _) => Dispose();
            AppDomain.CurrentDomain.ProcessExit += _onExit;
        }

        public Child Start(string name, params string[] args)
        {
            var info = new ProcessStartInfo(Environment.ProcessPath!) { WorkingDirectory = _workDir, RedirectStandardOutput = true, RedirectStandardError = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") info.ArgumentList.Add(typeof(BenchClusterCommand).Assembly.Location);
            foreach (var a in args) info.ArgumentList.Add(a);
            info.Environment["DOTNET_NOLOGO"] = "1";
            var process = new Process { StartInfo = info };
            var child = new Child(name, process);
            process.OutputDataReceived += (_, e) => child.Append(e.Data);
            process.ErrorDataReceived += (_, e) => child.Append(e.Data);
            lock (_all)
            {
                process.Start();
                _all.Add(child);
            }
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return child;
        }

        /// <summary>Waits until <paramref name="child"/> (or, with <paramref name="anyChild"/>, any child) has logged <paramref name="text"/>.</summary>
        public async Task WaitFor(Child child, string text, TimeSpan timeout, CancellationToken token, bool anyChild = false)
        {
            var deadline = Stopwatch.StartNew();
            while (!(anyChild ? Snapshot() : [child]).Any(c => c.Output.Contains(text, StringComparison.Ordinal)))
            {
                if (child.Process.HasExited || deadline.Elapsed > timeout)
                    throw new UserError($"bench cluster: {child.Name} did not log '{text}'{(child.Process.HasExited ? $" (exited {child.Process.ExitCode})" : "")}: " +
                                        Tail(child.Output), ExitCodes.Failed);
                await Task.Delay(50, token);
            }
        }

        private List<Child> Snapshot()
        {
            lock (_all) return [.. _all];
        }

        public async Task Submit(SweepDefinition definition, int port, CancellationToken token)
        {
            var file = Path.Combine(_workDir, definition.Spec!.Name + ".yaml");
            await File.WriteAllTextAsync(file, definition.Text, token);
            var submit = Start("submit", "submit", file, "--coordinator", $"127.0.0.1:{port}");
            await submit.Process.WaitForExitAsync(token);
            if (submit.Process.ExitCode != 0) throw new UserError($"bench cluster: submit exited {submit.Process.ExitCode}: {Tail(submit.Output)}", ExitCodes.Failed);
        }

        private static string Tail(string output) => string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));

        public void Dispose()
        {
            AppDomain.CurrentDomain.ProcessExit -= _onExit;
            lock (_all)
            {
                foreach (var c in _all) c.Kill();
                _all.Clear();
            }
        }
    }
}
