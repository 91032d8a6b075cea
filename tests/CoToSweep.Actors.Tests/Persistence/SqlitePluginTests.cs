using Akka.Actor;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Protocol;
using CoToSweep.Actors.Queries;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoToSweep.Actors.Tests.Persistence;

/// <summary>
/// The SQLite journal and snapshot store (<see cref="SqliteJournal"/>, <see cref="SqliteSnapshotStore"/>) read what
/// Akka.Persistence.Sql wrote: a coordinator recovers the committed fixture (written by it) to the state the readers
/// rebuild, and numbers the events it adds after the fixture's.
/// </summary>
public sealed class SqlitePluginTests
{
    private static string Wire(SweepState s) => Convert.ToBase64String(SweepSnapshotCodec.Write(s));

    [Fact]
    public async Task A_journal_written_by_Akka_Persistence_Sql_recovers_through_the_plugins_and_grows_in_its_numbering()
    {
        var journal = Path.Combine(Directory.CreateTempSubdirectory("plugins-").FullName, "journal.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "journal-v1.db"), journal);
        var reader = new SqliteJournalReader(journal);
        var expected = new SweepCatalog(reader).Load("fixture-24c54bd6")!;
        var id = SweepCoordinator.PersistenceIdFor(expected.Id);
        var before = reader.Events(id, 1);
        // A third seed: a bigger budget of the same sweep (the manager finds it by name), one BudgetChanged after the fixture's events.
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "journal-v1.yaml")).Replace("seeds: [0, 1]", "seeds: [0, 1, 2]");
        var grown = SpecReader.Parse(yaml);

        var host = await JournalHost.StartAsync(JournalSettings.Sqlite(journal), CancellationToken.None);
        try
        {
            var manager = host.Services.GetRequiredService<ActorSystem>().ActorOf(SweepManager.Props(CoordinatorSettings.Embedded), "coordinator");
            var recovered = await manager.Ask<SweepState>(new SweepQueries.GetState(expected.Id), TimeSpan.FromSeconds(30));
            Assert.Equal(Wire(expected), Wire(recovered));
            await manager.Ask<SweepCoordinator.SweepAccepted>(new SweepCommands.SubmitSweep(grown, DateTimeOffset.UtcNow), TimeSpan.FromSeconds(30));
            Assert.Equal(SweepPhase.Running, (await manager.Ask<SweepState>(new SweepQueries.GetState(expected.Id), TimeSpan.FromSeconds(30))).Phase);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
        var after = reader.Events(id, 1);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Equal((before[^1].SequenceNr + 1, typeof(SweepEvents.BudgetChanged)), (after[^1].SequenceNr, after[^1].Event.GetType()));
    }
}
