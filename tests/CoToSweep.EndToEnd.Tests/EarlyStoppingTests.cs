using System.Text.Json;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// Early stopping beyond one embedded command sweep (SearchCliTests): a built-in <c>coto</c> trial stopped by ASHA is
/// cancelled and its slot goes on with the next trial; on a cluster a stopped command trial's process dies on its
/// worker and the slot takes new work while the other trial still runs.
/// </summary>
[Collection(nameof(SweepProcesses))]
public sealed class EarlyStoppingTests(Xunit.Abstractions.ITestOutputHelper output) : ClusterProcessTest("e2e-stopping-")
{
    /// <summary>
    /// Tiny coto trials (seconds of TorchSharp work) on one slot, in grid order: lr 0.01 completes its 20 steps; lr 1e-7
    /// (100,000 steps, so it could never end within the test) reports a worse val_loss at rung 5 and is stopped; lr 0.005
    /// then runs on the same slot (completed, or stopped at a rung of its own: it ran).
    /// </summary>
    private const string Coto = """
        name: stop-coto
        trial:
          kind: coto
          steps: 20
          eval_every: 5
          batch_size: 16
          train_size: 300
          val_size: 100
          test_size: 100
          base: { patch_size: 7, depth: 2, width: 16, heads: 2, mlp_hidden: 32, pretrain_steps: 20, pretrain_batch: 32 }
          adapter: { rank: 2, alpha: 4, targets: [q, v] }
        objective: { metric: val_loss, direction: minimize }
        search:
          seeds: [0]
          space:
            lr: [0.01, 1.0e-7, 0.005]
            steps: { values: [100000], when: { lr: [1.0e-7] } }
        early_stopping: { rule: asha, grace_steps: 5, reduction: 2, max_steps: 20 }
        """;

    private async Task<JsonElement> Status(string state)
    {
        var r = await Cli.RunAsync(Dir.FullName, "status", "--json", "--state", state);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(r.Stdout)!);
    }

    private async Task<JsonElement> Row(string state, string id, string trial)
    {
        var board = await Cli.RunAsync(Dir.FullName, "leaderboard", id, "--board", "trials", "--format", "json", "--state", state);
        Assert.True(board.ExitCode == 0, board.Stderr);
        return JsonDocument.Parse(board.Stdout).RootElement.EnumerateArray().Single(r => r.GetProperty("trial").GetString() == trial);
    }

    [Fact]
    public async Task A_stopped_builtin_coto_trial_is_cancelled_and_its_slot_runs_the_next_trial()
    {
        File.WriteAllText(PathOf("coto.yaml"), Coto);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await Cli.RunAsync(Dir.FullName, "run", "coto.yaml", "--workers", "1", "--no-live", "--state", PathOf("state"));
        output.WriteLine($"run: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var status = await Status(PathOf("state"));
        var id = status.GetProperty("id").GetString()!;
        var trials = status.GetProperty("trials");
        Assert.Equal(("completed", 3), (status.GetProperty("state").GetString(), trials.GetProperty("completed").GetInt32() + trials.GetProperty("stopped").GetInt32()));
        var stopped = await Row(PathOf("state"), id, "t0001-s0");
        Assert.Equal(("stopped", 5L), (stopped.GetProperty("status").GetString(), stopped.GetProperty("step").GetInt64()));
        Assert.StartsWith("early stopping (asha)", stopped.GetProperty("reason").GetString());
        Assert.Equal("completed", (await Row(PathOf("state"), id, "t0000-s0")).GetProperty("status").GetString());
        Assert.True((await Row(PathOf("state"), id, "t0002-s0")).GetProperty("step").GetInt64() >= 5);   // the slot went on after the cancellation
    }

    [Fact]
    public async Task On_a_cluster_a_stopped_command_trial_dies_on_its_worker_and_the_slot_takes_new_work()
    {
        File.WriteAllText(PathOf("stopping.yaml"), SearchCliTests.Stopping.Replace("x: [1, 2]", "x: [1, 2, 3]"));
        File.WriteAllText(PathOf("trial.sh"), SearchCliTests.Trial);
        var port = ClusterTests.FreePort().ToString();
        var coordinator = Start("coordinator", "--host", "127.0.0.1", "--port", port, "--state", PathOf("coord"));
        await Explained(Cli.Until(() => coordinator.Output.Contains("Coordinator node listening"), "the coordinator to start"));
        Start("worker", "--join", $"127.0.0.1:{port}", "--host", "127.0.0.1", "--cpu-slots", "2", "--state", PathOf("w"), "--artifacts", PathOf("artifacts"));
        var submitted = await Cli.RunAsync(Dir.FullName, "submit", "stopping.yaml", "--coordinator", $"127.0.0.1:{port}");
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        var id = submitted.Stdout.Trim();

        // Trials run in the worker's working directory: the test's, as every process here.
        await Explained(Cli.Until(() => File.Exists(PathOf("pid-1")) && File.Exists(PathOf("pid-2")), "x=1 and x=2 to start"));
        var pid = int.Parse(File.ReadAllText(PathOf("pid-2")).Trim());
        await Explained(Cli.Until(() => Row(PathOf("coord"), id, "t0000-s0").GetAwaiter().GetResult().GetProperty("step").ValueKind == JsonValueKind.Number,
            "x=1's report to be journaled"));
        File.WriteAllText(PathOf("go-2"), "");
        await Explained(Cli.Until(() => !Directory.Exists($"/proc/{pid}"), "the stopped trial's process to die on the worker", 30));
        // Its slot took the next trial while x=1 still holds the other one.
        await Explained(Cli.Until(() => File.Exists(PathOf("pid-3")), "x=3 to start on the freed slot", 30));
        Assert.False(File.Exists(PathOf("done-1")));

        // One after the other: at ASHA's rung 4 the first to arrive goes on and the second is compared with it, so x=3
        // (0.95) reporting first would stop x=1 (0.9).
        File.WriteAllText(PathOf("done-1"), "");
        await Explained(Cli.Until(() => Row(PathOf("coord"), id, "t0000-s0").GetAwaiter().GetResult().GetProperty("status").GetString() == "completed",
            "x=1 to complete"));
        File.WriteAllText(PathOf("done-3"), "");
        await Explained(Cli.Until(() => Status(PathOf("coord")).GetAwaiter().GetResult().GetProperty("state").GetString() == "completed", "the sweep to complete"));
        var stopped = await Row(PathOf("coord"), id, "t0001-s0");
        Assert.Equal(("stopped", 0.1), (stopped.GetProperty("status").GetString(), stopped.GetProperty("score").GetDouble()));
        Assert.StartsWith("early stopping (asha)", stopped.GetProperty("reason").GetString());
        var trials = (await Status(PathOf("coord"))).GetProperty("trials");
        Assert.Equal((2, 1), (trials.GetProperty("completed").GetInt32(), trials.GetProperty("stopped").GetInt32()));
    }
}
