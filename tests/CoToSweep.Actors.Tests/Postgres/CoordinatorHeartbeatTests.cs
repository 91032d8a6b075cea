using CoToSweep.Actors.Persistence;
using CoToSweep.Tests.Shared;

namespace CoToSweep.Actors.Tests.Postgres;

/// <summary>Coordinator liveness on a PostgreSQL journal, where there is no lock file.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CoordinatorHeartbeatTests(PostgresFixture postgres) : IDisposable
{
    private readonly PostgresDatabase _database = postgres.CreateDatabase();

    private JournalSettings Journal => JournalSettings.Postgres(_database.ConnectionString);

    [Fact]
    public void No_table_yet_means_no_live_coordinator() =>
        Assert.Empty(CoordinatorHeartbeat.LiveNodes(Journal, TimeSpan.FromSeconds(15)));

    [Fact]
    public void A_beating_coordinator_is_live_and_gone_once_disposed()
    {
        var heartbeat = CoordinatorHeartbeat.Start(Journal, "node-a", interval: TimeSpan.FromMilliseconds(100));
        var live = Assert.Single(CoordinatorHeartbeat.LiveNodes(Journal, TimeSpan.FromSeconds(15)));
        Assert.Equal(("node-a", Environment.ProcessId, Environment.MachineName), (live.Node, live.Pid, live.Host));
        Assert.Equal(["*"], live.ToLockHolder().Sweeps);

        heartbeat.Dispose();
        Assert.Empty(CoordinatorHeartbeat.LiveNodes(Journal, TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Beats_keep_a_row_fresh_and_a_silent_one_goes_stale()
    {
        using var beating = CoordinatorHeartbeat.Start(Journal, "beating", ["s1", "s2"], TimeSpan.FromMilliseconds(100));
        using var silent = CoordinatorHeartbeat.Start(Journal, "silent", interval: TimeSpan.FromHours(1));
        // Wait for the silent row to pass 1 s of age (the server's clock) while the beating one stays fresh.
        await Until(() => CoordinatorHeartbeat.LiveNodes(Journal, TimeSpan.FromSeconds(1)).Count == 1);

        var node = Assert.Single(CoordinatorHeartbeat.LiveNodes(Journal, TimeSpan.FromSeconds(1)));
        Assert.Equal("beating", node.Node);
        Assert.Equal(["s1", "s2"], node.Sweeps);
        Assert.Equal(2, CoordinatorHeartbeat.LiveNodes(Journal, TimeSpan.FromMinutes(1)).Count);
    }

    [Fact]
    public async Task Stalled_sweeps_ride_on_the_beat_and_clear()
    {
        using var heartbeat = CoordinatorHeartbeat.Start(Journal, "node-a", interval: TimeSpan.FromHours(1));
        var since = DateTimeOffset.UtcNow.AddSeconds(-12);
        heartbeat.RecordStalls([new SweepStall("s1", "journal write failed: connection refused", since, 3)]);
        await Until(() => CoordinatorHeartbeat.LiveNodes(Journal, TimeSpan.FromSeconds(15)).Single().Stalls is { Count: 1 });

        var stall = CoordinatorHeartbeat.LiveNodes(Journal, TimeSpan.FromSeconds(15)).Single().ToLockHolder().StallOf("s1")!;
        Assert.Equal(("journal write failed: connection refused", 3), (stall.Reason, stall.Failures));
        Assert.Equal(since.ToUnixTimeMilliseconds(), stall.Since.ToUnixTimeMilliseconds());
        heartbeat.RecordStalls([]);
        await Until(() => CoordinatorHeartbeat.LiveNodes(Journal, TimeSpan.FromSeconds(15)).Single().Stalls is null);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the heartbeat row did not change within 30 s");
            await Task.Delay(20);
        }
    }

    [Fact]
    public void Coordinators_starting_together_share_the_table()
    {
        var beats = Enumerable.Range(0, 4).AsParallel()
            .Select(i => CoordinatorHeartbeat.Start(Journal, $"node-{i}", interval: TimeSpan.FromSeconds(5))).ToList();
        Assert.Equal(4, CoordinatorHeartbeat.LiveNodes(Journal, TimeSpan.FromSeconds(15)).Count);
        beats.ForEach(b => b.Dispose());
    }

    public void Dispose() => _database.Dispose();
}
