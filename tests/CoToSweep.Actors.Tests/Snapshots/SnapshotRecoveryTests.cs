using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Actors.Runners;
using CoToSweep.Actors.Serialization;
using CoToSweep.Actors.Tests.Embedded;
using CoToSweep.Domain.Sweeps;
using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Tests.Snapshots;

/// <summary>Snapshots in Akka.Persistence.Sql's snapshot store on real SQLite: written, pruned, and recovered from.</summary>
public sealed class SnapshotRecoveryTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("snapshots-");

    private string StateDir => Path.Combine(_dir.FullName, "state");

    private string JournalPath => StateDirectory.JournalPath(StateDir);

    private async Task<EmbeddedRun> Start(SweepDefinition d, int snapshotEvery)
    {
        StateDirectory.Prepare(StateDir);
        var settings = EmbeddedRunSettings.ForStateDirectory(StateDir, 3) with
        {
            Coordinator = CoordinatorSettings.Embedded with { SnapshotEvery = snapshotEvery, OverviewEvery = 10 },
        };
        return await EmbeddedRun.StartAsync(d, settings, [new NoopTrialRunner()], CancellationToken.None);
    }

    private List<long> SnapshotRows(string sweepId) => SnapshotRowsOf(SweepCoordinator.PersistenceIdFor(sweepId));

    private List<long> SnapshotRowsOf(string persistenceId)
    {
        using var c = new SqliteConnection($"Data Source={JournalPath};Pooling=false");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT sequence_number FROM snapshot WHERE persistence_id = $id ORDER BY sequence_number";
        q.Parameters.AddWithValue("$id", persistenceId);
        using var r = q.ExecuteReader();
        var rows = new List<long>();
        while (r.Read()) rows.Add(r.GetInt64(0));
        return rows;
    }

    private static string Wire(SweepState s) => Convert.ToBase64String(SweepSnapshotCodec.Write(s));

    [Fact]
    public async Task A_sweep_keeps_only_its_newest_snapshot_and_queries_rebuild_the_same_state_from_it()
    {
        var d = NoopSweep.Definition("snap", 60, 0);
        SweepState final;
        await using (var run = await Start(d, snapshotEvery: 25))
        {
            final = await run.WaitAsync(_ => { }, TimeSpan.FromMilliseconds(20), CancellationToken.None);
            await UntilOneSnapshotEach(d.Id);
        }
        Assert.Equal(SweepPhase.Completed, final.Phase);

        var reader = new SqliteJournalReader(JournalPath);
        var id = SweepCoordinator.PersistenceIdFor(d.Id);
        // 60 trials write more than 120 events: four or more snapshots were taken, each deleting the ones before it.
        var rows = SnapshotRows(d.Id);
        var events = reader.Events(id);
        Assert.True(events.Count >= 4 * 25, $"{events.Count} events");
        Assert.InRange(rows.Single(), 4 * 25, events.Count);
        var snapshot = reader.LatestSnapshot(id)!;
        Assert.Equal(rows[0], snapshot.SequenceNr);
        Assert.Equal(events.Count - rows[0] + 1, reader.Events(id, snapshot.SequenceNr).Count);   // from the snapshot's own last event

        // The catalog starts from the snapshot; a full replay of the journal gives the same state.
        var fromSnapshot = new SweepCatalog(reader).Load(d.Id)!;
        Assert.Equal(Wire(SweepState.Replay(d.Id, events)), Wire(fromSnapshot));
        Assert.Equal(Wire(final), Wire(fromSnapshot));

        // The overview is saved on its own every 10 events (the newest kept), and what status and leaderboard --top read
        // of it is what the state gives.
        Assert.InRange(SnapshotRowsOf(OverviewSnapshots.IdFor(d.Id)).Single(), events.Count - 10, events.Count);
        var overview = new SweepCatalog(reader).LoadOverview(d.Id)!;
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(SweepSummary.Of(final, false)), System.Text.Json.JsonSerializer.Serialize(SweepSummary.Of(overview, false)));
        var top = new Domain.Boards.BoardOptions(5);
        Assert.Equal(Domain.Boards.JsonRenderer.Render(Domain.Boards.TrialsBoard.Build(final, top)), Domain.Boards.JsonRenderer.Render(Domain.Boards.TrialsBoard.Build(overview, top)));
    }

    [Fact]
    public async Task A_coordinator_recovers_from_its_snapshot_and_finishes_each_trial_exactly_once()
    {
        var d = NoopSweep.Definition("snap-resume", 200, 5);
        await using (var run = await Start(d, snapshotEvery: 30))
        {
            // Stop once a snapshot exists and the sweep is partway: the next start recovers from it.
            while (SnapshotRowsOrEmpty(d.Id).Count == 0 || (await run.StateAsync()).Count(TrialStatus.Completed) < 40) await Task.Delay(10);
        }
        // The newest is what recovery reads (the deletion of an older one may not have run before the run stopped).
        var snapshotAt = SnapshotRows(d.Id).Max();

        SweepState final;
        await using (var run = await Start(d, snapshotEvery: 30))
        {
            var recovered = await run.StateAsync();
            Assert.True(recovered.Count(TrialStatus.Completed) >= 40);
            final = await run.WaitAsync(_ => { }, TimeSpan.FromMilliseconds(20), CancellationToken.None);
            await UntilOneSnapshotEach(d.Id);
        }
        Assert.Equal(SweepPhase.Completed, final.Phase);
        var events = new SqliteJournalReader(JournalPath).Events(SweepCoordinator.PersistenceIdFor(d.Id));
        var completed = events.OfType<SweepEvents.TrialCompleted>().GroupBy(c => c.TrialId).ToList();
        Assert.Equal(200, completed.Count);
        Assert.All(completed, g => Assert.Single(g));
        Assert.True(SnapshotRows(d.Id).Single() > snapshotAt);
        Assert.Equal(Wire(SweepState.Replay(d.Id, events)), Wire(final));
    }

    /// <summary>
    /// Snapshots are saved, and older ones deleted, on the store's threads after the events that trigger them: a run this
    /// short ends before they do, so the test waits (the run still up) until the sweep and its overview keep one row each.
    /// </summary>
    private async Task UntilOneSnapshotEach(string sweepId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (SnapshotRows(sweepId).Count != 1 || SnapshotRowsOf(OverviewSnapshots.IdFor(sweepId)).Count != 1)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline,
                $"older snapshots not deleted within 30 s: sweep {string.Join(",", SnapshotRows(sweepId))}, overview {string.Join(",", SnapshotRowsOf(OverviewSnapshots.IdFor(sweepId)))}");
            await Task.Delay(20);
        }
    }

    private List<long> SnapshotRowsOrEmpty(string sweepId)
    {
        try { return SnapshotRows(sweepId); }
        catch (SqliteException) { return []; }   // the table is created with the first snapshot
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}
