using CoToSweep.Actors.Tests.Embedded;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Tests.Shared;
using Npgsql;

namespace CoToSweep.Actors.Tests.Postgres;

/// <summary>The durable coordinator on a real PostgreSQL journal (Akka.Persistence.Sql, provider PostgreSQL.15).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEmbeddedRunTests(PostgresFixture postgres) : IDisposable
{
    private readonly PostgresDatabase _database = postgres.CreateDatabase();
    private readonly DirectoryInfo _artifacts = Directory.CreateTempSubdirectory("pg-artifacts-");

    private JournalSettings Journal => JournalSettings.Postgres(_database.ConnectionString);

    private static SweepDefinition Noop(int trials, int sleepMs) => NoopSweep.Definition("noop-pg", trials, sleepMs);

    private Task<EmbeddedRun> Start(SweepDefinition d, int workers) =>
        EmbeddedRun.StartAsync(d, new EmbeddedRunSettings(Journal, _artifacts.FullName, workers), [new NoopTrialRunner()], CancellationToken.None);

    private IReadOnlyList<ISweepEvent> Events(string sweepId) =>
        JournalReaders.Open(Journal).Events(SweepCoordinator.PersistenceIdFor(sweepId));

    /// <summary>
    /// The coordinator's state runs ahead of its journal by the writes in flight (it applies, then PersistAllAsync), so
    /// tests wait for what the journal shows before stopping a run.
    /// </summary>
    private static async Task UntilJournaled(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the journal did not catch up within 30 s");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_sweep_completes_and_the_reader_replays_the_same_state()
    {
        var d = Noop(20, 0);
        SweepState final;
        await using (var run = await Start(d, 4))
        {
            final = await run.WaitAsync(_ => { }, TimeSpan.FromMilliseconds(20), CancellationToken.None);
            await UntilJournaled(() => Events(d.Id).OfType<SweepEvents.SweepCompleted>().Any());
        }

        Assert.Equal(SweepPhase.Completed, final.Phase);
        var events = Events(d.Id);
        Assert.Equal(20, events.OfType<SweepEvents.TrialCompleted>().Select(c => c.TrialId).Distinct().Count());
        Assert.Equal(20, events.OfType<SweepEvents.TrialCompleted>().Count());
        Assert.Single(events.OfType<SweepEvents.SweepCompleted>());

        var catalog = new SweepCatalog(JournalReaders.Open(Journal));
        Assert.Equal([d.Id], catalog.Registered().Select(r => r.SweepId));
        var replayed = catalog.Load(d.Id)!;
        Assert.Equal(SweepPhase.Completed, replayed.Phase);
        Assert.Equal(final.Trials.Values.Select(t => (t.Id, t.Status, t.Objective)).OrderBy(x => x.Id),
            replayed.Trials.Values.Select(t => (t.Id, t.Status, t.Objective)).OrderBy(x => x.Id));
        var (held, read) = (SweepSummary.Of(final, false), SweepSummary.Of(replayed, false));
        Assert.Equal(held.Trials, read.Trials);
        Assert.Equal((held.Best?.Trial, held.Best?.Value), (read.Best?.Trial, read.Best?.Value));
    }

    [Fact]
    public async Task A_stopped_run_resumes_without_rerunning_completed_trials()
    {
        var d = Noop(24, 30);
        await using (var run = await Start(d, 2))
        {
            await UntilJournaled(() => Events(d.Id).OfType<SweepEvents.TrialCompleted>().Count() >= 5);
        }
        var before = Events(d.Id);
        var completedBefore = before.OfType<SweepEvents.TrialCompleted>().Select(c => c.TrialId).ToHashSet();
        Assert.InRange(completedBefore.Count, 5, 23);

        await using (var run = await Start(d, 2))
        {
            Assert.Equal(SweepPhase.Completed, (await run.WaitAsync(_ => { }, TimeSpan.FromMilliseconds(20), CancellationToken.None)).Phase);
            await UntilJournaled(() => Events(d.Id).OfType<SweepEvents.SweepCompleted>().Any());
        }

        var after = Events(d.Id).Skip(before.Count).ToList();
        Assert.DoesNotContain(after.OfType<SweepEvents.TrialStarted>(), s => completedBefore.Contains(s.TrialId));
        var all = Events(d.Id).OfType<SweepEvents.TrialCompleted>().GroupBy(c => c.TrialId).ToList();
        Assert.Equal(24, all.Count);
        Assert.All(all, g => Assert.Single(g));
    }

    [Fact]
    public async Task The_plugin_creates_the_journal_table_the_reader_expects_in_schema_public()
    {
        var d = Noop(2, 0);
        await using (var run = await Start(d, 1))
            await UntilJournaled(() => Events(d.Id).OfType<SweepEvents.SweepCompleted>().Any());

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = 'journal'
            """, connection);
        var columns = new Dictionary<string, string>();
        await using (var reader = await query.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns[reader.GetString(0)] = reader.GetString(1);
        Assert.Contains("persistence_id", columns.Keys);
        Assert.Equal("bigint", columns["sequence_number"]);
        Assert.Equal("boolean", columns["deleted"]);
        Assert.Equal("integer", columns["identifier"]);
        Assert.Equal("bytea", columns["message"]);
        Assert.Contains("manifest", columns.Keys);
    }

    [Fact]
    public void A_database_without_a_journal_reads_as_no_events()
    {
        var catalog = new SweepCatalog(JournalReaders.Open(Journal));
        Assert.Empty(catalog.Registered());
        Assert.Null(catalog.Load("nothing-00000000"));
    }

    [Fact]
    public void An_unreachable_server_is_one_clear_error()
    {
        var journal = JournalSettings.Postgres("Host=127.0.0.1;Port=1;Username=x;Password=secret;Database=none;Timeout=3");
        var e = Assert.Throws<JournalUnavailableException>(() => JournalReaders.Open(journal));
        Assert.StartsWith("PostgreSQL journal at 127.0.0.1:1/none: ", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }

    public void Dispose()
    {
        _database.Dispose();
        _artifacts.Delete(recursive: true);
    }
}
