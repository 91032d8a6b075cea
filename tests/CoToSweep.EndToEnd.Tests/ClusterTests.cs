using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// Cluster mode on real processes on 127.0.0.1: a coordinator node, worker nodes, kill -9 of either, and the
/// exactly-once results contract. Trials wait on gate files the test controls and log "trial attempt" per start.
/// </summary>
[Collection(nameof(SweepProcesses))]
public sealed class ClusterTests() : ClusterProcessTest("e2e-cluster-")
{

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Cli.Background Coordinator(int port, params string[] extra) =>
        Start(["coordinator", "--host", "127.0.0.1", "--port", port.ToString(), "--state", PathOf("coord"), .. extra]);

    private Cli.Background Worker(int coordinatorPort, string name, params string[] extra) =>
        Start(["worker", "--join", $"127.0.0.1:{coordinatorPort}", "--host", "127.0.0.1", "--cpu-slots", "1",
            "--state", PathOf(name), "--artifacts", PathOf("artifacts"), .. extra]);

    private async Task Submit(int port, params string[] extra)
    {
        File.WriteAllText(PathOf("sweep.yaml"), GatedSweep("cluster-gated"));
        var submitted = await Cli.RunAsync(Dir.FullName, ["submit", "sweep.yaml", "--coordinator", $"127.0.0.1:{port}", .. extra]);
        Assert.True(submitted.ExitCode == 0, submitted.Stderr + submitted.Stdout);
        Assert.StartsWith("cluster-gated-", Assert.Single(submitted.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private List<JsonElement> Board()
    {
        var r = Cli.RunAsync(Dir.FullName, "leaderboard", "cluster-gated", "--state", PathOf("coord"), "--format", "json").GetAwaiter().GetResult();
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonSerializer.Deserialize<List<JsonElement>>(r.Stdout)!;
    }

    private int Completed() => Board().Count(r => r.GetProperty("status").GetString() == "completed");

    [Fact]
    public async Task A_worker_killed_mid_trial_loses_nothing_and_every_trial_completes_once()
    {
        var port = FreePort();
        var coordinator = Coordinator(port);
        await Until(() => coordinator.Output.Contains("Coordinator node listening"), "the coordinator to start");
        var a = Worker(port, "w1");
        var b = Worker(port, "w2");
        await Submit(port);
        await Until(() => Starts().Count == 2, "one trial on each worker");
        Open(1, 2);
        await Until(() => Completed() == 2 && Starts().Count == 4, "x=1, x=2 to complete and x=3, x=4 to start on the two workers");

        a.Process.Kill();   // SIGKILL: one of the two running trials loses its worker
        await a.Process.WaitForExitAsync();
        Open(3, 4);         // the surviving worker finishes its trial, then takes over the lost one
        await Until(() => Completed() == 4, "all four trials to complete on the surviving worker", 180);

        var rows = Board();
        Assert.Equal(4, rows.Select(r => r.GetProperty("trial").GetString()).Distinct().Count());
        var starts = Starts();
        var rerun = Assert.Single(starts.GroupBy(s => s.Trial), g => g.Count() > 1);
        Assert.Equal([1, 2], rerun.Select(s => s.Attempt));
        Assert.Equal(2, rows.Single(r => r.GetProperty("trial").GetString() == rerun.Key).GetProperty("attempt").GetInt32());
        Assert.Contains("re-queued", coordinator.Output);
    }

    [Fact]
    public async Task A_coordinator_killed_mid_sweep_restarts_workers_rejoin_and_completed_trials_are_not_rerun()
    {
        var port = FreePort();
        var coordinator = Coordinator(port);
        await Until(() => coordinator.Output.Contains("Coordinator node listening"), "the coordinator to start");
        Worker(port, "w1");
        await Submit(port);
        await Until(() => Starts().Count == 1, "the first trial to start");
        Open(1);
        await Until(() => Completed() == 1 && Starts().Count == 2, "x=1 to complete and x=2 to start");

        coordinator.Process.Kill();
        await coordinator.Process.WaitForExitAsync();
        var restarted = Coordinator(port);
        await Until(() => restarted.Output.Contains("Coordinator node listening"), "the coordinator to restart");
        Open(2, 3, 4);
        await Until(() => Completed() == 4, "the sweep to finish after the worker rejoined", 120);

        var starts = Starts();
        Assert.Single(starts, s => s.Trial == "t0000-s" + Board().Single(r => r.GetProperty("x").GetInt32() == 1).GetProperty("seed").GetInt64());
        Assert.All(Board(), r => Assert.Equal("completed", r.GetProperty("status").GetString()));
        var status = await Cli.RunAsync(Dir.FullName, "status", "--state", PathOf("coord"), "--json");
        Assert.Equal("completed", JsonDocument.Parse(status.Stdout).RootElement[0].GetProperty("state").GetString());
    }

    /// <summary>Like <see cref="Cli.Until"/>, but a timeout carries the tail of every node's log.</summary>
    private Task Until(Func<bool> condition, string what, int seconds = 60) => Explained(Cli.Until(condition, what, seconds));
}
