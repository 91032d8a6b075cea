using System.Text.Json;
using CoToSweep.Tests.Shared;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// A standby coordinator on a shared PostgreSQL journal: kill -9 of the active coordinator mid-sweep, the standby
/// takes the singleton over, workers (whose seed was the dead node) reach it through their proxy, and every trial
/// completes exactly once. Needs PostgreSQL (<see cref="PostgresServer"/>): fails, never skips, without it.
/// </summary>
[Collection(nameof(ClusterFaultProcesses))]
public sealed class ClusterStandbyTests() : ClusterProcessTest("e2e-standby-")
{
    private readonly PostgresDatabase _database = PostgresServer.CreateDatabase();

    /// <summary>The test database, with a connect timeout that survives a loaded machine.</summary>
    private string Journal => new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString) { Timeout = 30 }.ConnectionString;

    private Cli.Background Coordinator(string name, int port, params string[] extra) =>
        Start(["coordinator", "--host", "127.0.0.1", "--port", port.ToString(), "--journal", Journal,
            "--state", PathOf(name), .. extra]);

    private Cli.Background Worker(int coordinatorPort, string name) =>
        Start(["worker", "--join", $"127.0.0.1:{coordinatorPort}", "--host", "127.0.0.1", "--cpu-slots", "1",
            "--state", PathOf(name), "--artifacts", PathOf("artifacts")]);

    private List<JsonElement> Board(bool polling = false)
    {
        var r = Cli.RunAsync(Dir.FullName, "leaderboard", "standby-gated", "--journal", Journal, "--format", "json")
            .GetAwaiter().GetResult();
        if (polling && r.ExitCode != 0) return [];   // e.g. the sweep is not journaled yet
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonSerializer.Deserialize<List<JsonElement>>(r.Stdout)!;
    }

    private int Completed() => Board(polling: true).Count(r => r.GetProperty("status").GetString() == "completed");

    [Fact]
    public async Task The_standby_takes_the_singleton_over_when_the_active_coordinator_is_killed()
    {
        var (portA, portB) = (ClusterTests.FreePort(), ClusterTests.FreePort());
        var a = Coordinator("a", portA);
        await Cli.Until(() => a.Output.Contains("Coordinator up with"), "coordinator A to host the singleton");
        var b = Coordinator("b", portB, "--join", $"127.0.0.1:{portA}");
        var up = $"node [akka.tcp://cotosweep@127.0.0.1:{portB}] to [Up]";   // logged by the leader: the lower address of A and B
        await Cli.Until(() => a.Output.Contains(up) || b.Output.Contains(up), "standby B to be Up");
        Worker(portA, "w1");
        Worker(portA, "w2");

        File.WriteAllText(PathOf("sweep.yaml"), GatedSweep("standby-gated"));
        var submitted = await Cli.RunAsync(Dir.FullName, "submit", "sweep.yaml", "--coordinator", $"127.0.0.1:{portA}");
        Assert.True(submitted.ExitCode == 0, submitted.Stderr + submitted.Stdout);
        await Cli.Until(() => Starts().Count == 2, "one trial on each worker");
        var first = Starts()[0].Trial;
        var firstX = int.Parse(first[1..5]) + 1;   // t<configuration index>-s<seed>; the grid's configurations are x = 1..4
        Open(firstX);
        await Explained(Cli.Until(() => Completed() == 1 && Starts().Count == 3, "one trial to complete and the next to start", 90), a);
        Assert.DoesNotContain("Coordinator up with", b.Output);   // the standby does not run the singleton while A lives

        a.Process.Kill();   // SIGKILL
        await a.Process.WaitForExitAsync();
        await Explained(Cli.Until(() => b.Output.Contains("Coordinator up with 1 journaled sweeps"), "standby B to take the singleton over", 90), b);
        Open(1, 2, 3, 4);
        await Explained(Cli.Until(() => Completed() == 4, "the sweep to finish on the standby", 120));

        var rows = Board();
        Assert.Equal(4, rows.Select(r => r.GetProperty("trial").GetString()).Distinct().Count());
        Assert.All(rows, r => Assert.Equal("completed", r.GetProperty("status").GetString()));
        Assert.Single(Starts(), s => s.Trial == first);   // completed before the kill: never re-run
        Assert.Equal(4, Starts().Select(s => s.Trial).Distinct().Count());
        Assert.Contains("finished: completed", b.Output);

        var status = await Cli.RunAsync(Dir.FullName, "status", "--journal", Journal, "--json");
        Assert.True(status.ExitCode == 0, status.Stderr);
        var sweep = JsonDocument.Parse(status.Stdout).RootElement[0];
        Assert.Equal("completed", sweep.GetProperty("state").GetString());
        Assert.Equal(4, sweep.GetProperty("trials").GetProperty("completed").GetInt32());
    }

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}
