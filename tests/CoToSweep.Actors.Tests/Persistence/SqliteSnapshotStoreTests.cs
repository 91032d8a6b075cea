using Akka.Actor;
using Akka.Persistence;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Actors.Serialization;
using CoToSweep.Actors.Tests.Embedded;
using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CoToSweep.Actors.Tests.Persistence;

/// <summary>
/// <see cref="SqliteSnapshotStore"/> streams a sweep's state into its row from one buffer it keeps for every save: each
/// row holds exactly the codec's bytes, a smaller state saved after a bigger one included (no tail of the bigger one).
/// </summary>
public sealed class SqliteSnapshotStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("snapshot-store-");

    private string JournalPath => Path.Combine(_dir.FullName, "journal.db");

    /// <summary>A submitted sweep with its first <paramref name="planned"/> trials planned.</summary>
    private static SweepState Planned(string name, int planned)
    {
        var d = NoopSweep.Definition(name, planned, 0);
        var state = SweepState.Empty(d.Id).Apply(new SweepEvents.SweepSubmitted(d.Id, d.Spec!, d.Text, d.CanonicalJson, null, T0));
        return state.Apply(new SweepEvents.TrialsPlanned(TrialPlanner.Enumerate(d.Spec!).Take(planned).ToList(), T0));
    }

    private byte[] Row(string persistenceId, long sequenceNr)
    {
        using var c = new SqliteConnection($"Data Source={JournalPath};Pooling=false");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT snapshot FROM snapshot WHERE persistence_id = $id AND sequence_number = $nr";
        q.Parameters.AddWithValue("$id", persistenceId);
        q.Parameters.AddWithValue("$nr", sequenceNr);
        return (byte[])q.ExecuteScalar()!;
    }

    [Fact]
    public async Task Each_saved_state_is_the_codecs_bytes_exactly_and_reads_back_as_the_same_state()
    {
        var big = Planned("big", 3000);
        var small = Planned("small", 7);
        var host = await JournalHost.StartAsync(JournalSettings.Sqlite(JournalPath), CancellationToken.None);
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var store = Akka.Persistence.Persistence.Instance.Apply(system).SnapshotStoreFor(SqliteSnapshotStore.PluginId);
            foreach (var (id, nr, state) in new[] { ("a", 10L, big), ("b", 20L, small), ("c", 30L, big) })
            {
                var answer = await store.Ask<object>(new SaveSnapshot(new SnapshotMetadata(id, nr, T0.UtcDateTime), new SweepSnapshot(state)),
                    TimeSpan.FromSeconds(30));
                Assert.IsType<SaveSnapshotSuccess>(answer);
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }

        Assert.Equal(SweepSnapshotCodec.Write(big), Row("a", 10));
        Assert.Equal(SweepSnapshotCodec.Write(small), Row("b", 20));
        Assert.Equal(SweepSnapshotCodec.Write(big), Row("c", 30));
        Assert.True(Row("b", 20).Length < Row("a", 10).Length / 100, "the small state's row is its own size");
        var read = new SqliteJournalReader(JournalPath).LatestSnapshot("b")!;
        Assert.Equal(Convert.ToBase64String(SweepSnapshotCodec.Write(small)),
            Convert.ToBase64String(SweepSnapshotCodec.Write(((SweepSnapshot)read.Snapshot).State)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}
