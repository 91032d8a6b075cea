using System.Diagnostics;
using System.Text.Json;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using Xunit.Abstractions;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// Graceful leave on real processes on 127.0.0.1: SIGTERM (how Docker and Kubernetes stop a container) to a worker
/// mid-trial hands the trial back — re-queued, not failed, no retry used — kills its processes and leaves the
/// cluster with exit 0; SIGTERM to the coordinator is a clean stop with exit 0 as well.
/// </summary>
[Collection(nameof(ClusterFaultProcesses))]
public sealed class ClusterDrainTests(ITestOutputHelper output) : ClusterProcessTest("e2e-drain-")
{
    /// <summary>Two command trials; each records "trial attempt" in <c>starts</c> and its shell's pid, then waits for <c>gate-x</c>.</summary>
    private const string Sweep = """
        name: drain-gated
        trial:
          kind: command
          command: [sh, -c, "echo {trial_id} {attempt} >> starts; echo $$ > pid-{trial_id}-{attempt}; while [ ! -f gate-{x} ]; do sleep 0.05; done; echo \"cotosweep {\\\"val\\\": {x}}\""]
        objective: { metric: val, direction: maximize }
        retries: 0
        search:
          space:
            x: [1, 2]
        """;

    private Cli.Background Worker(int port, string name) =>
        Start(["worker", "--join", $"127.0.0.1:{port}", "--host", "127.0.0.1", "--cpu-slots", "1",
            "--state", PathOf(name), "--artifacts", PathOf("artifacts")]);

    private List<JsonElement> Board()
    {
        var r = Cli.RunAsync(Dir.FullName, "leaderboard", "drain-gated", "--state", PathOf("coord"), "--format", "json").GetAwaiter().GetResult();
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonSerializer.Deserialize<List<JsonElement>>(r.Stdout)!;
    }

    private JsonElement Row(string trial) => Board().Single(r => r.GetProperty("trial").GetString() == trial);

    private static void Terminate(Process p) => Process.Start("kill", ["-TERM", p.Id.ToString()])!.WaitForExit();

    private static bool Running(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(") ")[^1][0] is not 'Z' and not 'X';

    [Fact]
    public async Task SIGTERM_to_a_worker_mid_trial_requeues_the_trial_without_using_a_retry_and_the_worker_leaves_with_exit_0()
    {
        var port = ClusterTests.FreePort();
        var coordinator = Start("coordinator", "--host", "127.0.0.1", "--port", port.ToString(), "--state", PathOf("coord"));
        await Cli.Until(() => coordinator.Output.Contains("Coordinator node listening"), "the coordinator to start");
        var a = Worker(port, "w1");
        File.WriteAllText(PathOf("sweep.yaml"), Sweep);
        var submitted = await Cli.RunAsync(Dir.FullName, "submit", "sweep.yaml", "--coordinator", $"127.0.0.1:{port}");
        Assert.True(submitted.ExitCode == 0, submitted.Stderr + submitted.Stdout);
        await Explained(Cli.Until(() => Starts().Count == 1 && File.Exists(PathOf($"pid-{Starts()[0].Trial}-1")), "the first trial to start on worker A"));
        var (trial, _) = Starts()[0];
        var pid = int.Parse(File.ReadAllText(PathOf($"pid-{trial}-1")).Trim());

        var clock = Stopwatch.StartNew();
        Terminate(a.Process);
        await Explained(Cli.Until(() => Row(trial).GetProperty("status").GetString() == "pending", "the trial to be re-queued", 40), a, coordinator);
        var requeued = clock.Elapsed;
        await a.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var exited = clock.Elapsed;
        output.WriteLine($"SIGTERM → trial re-queued {requeued.TotalSeconds:F2} s, → worker exit {exited.TotalSeconds:F2} s");

        Assert.Equal(0, a.Process.ExitCode);
        Assert.False(Running(pid), "the trial's process outlived the worker");
        Assert.Contains("handed back: the worker node is leaving", Row(trial).GetProperty("reason").GetString());
        Assert.Contains("Every slot handed its work back", a.Output);
        Assert.Contains("Worker node left the cluster", a.Output);
        Assert.Single(Starts());   // nothing ran it again while no worker was there

        var b = Worker(port, "w2");   // attempt 2 of the handed-back trial runs on a second worker
        await Explained(Cli.Until(() => Starts().Contains((trial, 2)), "the handed-back trial to start again on worker B", 60), b, coordinator);
        Open(1, 2);
        await Explained(Cli.Until(() => Board().Count(r => r.GetProperty("status").GetString() == "completed") == 2,
            "both trials to complete", 90), b, coordinator);

        Assert.Equal([(trial, 1), (trial, 2)], Starts().Where(s => s.Trial == trial));
        Assert.Equal(3, Starts().Count);   // the other trial ran once
        Terminate(b.Process);
        Terminate(coordinator.Process);
        await Task.WhenAll(b.Process.WaitForExitAsync(), coordinator.Process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, b.Process.ExitCode);
        Assert.Equal(0, coordinator.Process.ExitCode);
        Assert.Contains("Coordinator node left the cluster and stopped (SIGTERM)", coordinator.Output);

        // The journal: the hand-back was a re-queue (TrialRequeued), not a failure: no retry was used.
        var state = new SweepCatalog(new SqliteJournalReader(StateDirectory.JournalPath(PathOf("coord")))).Load(JsonDocument
            .Parse(Cli.RunAsync(Dir.FullName, "status", "--state", PathOf("coord"), "--json").GetAwaiter().GetResult().Stdout)
            .RootElement[0].GetProperty("id").GetString()!)!;
        Assert.All(state.Trials.Values, t => Assert.Equal(0, t.Failures));
        Assert.Equal(2, state.Trials[trial].Attempt);
        Assert.Equal(2, Row(trial).GetProperty("attempt").GetInt32());
    }
}
