using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Snapshot;
using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Persistence;

/// <summary>
/// The embedded snapshot store: SQLite in Akka.Persistence.Sql's <c>snapshot</c> table (<see cref="SqliteJournalSchema"/>),
/// so snapshots written by either plugin are read by both and by the readers. It exists for the same reason as
/// <see cref="SqliteJournal"/>: Akka.Persistence.Sql's store costs about a second of just-in-time compilation on the
/// first recovery of every process (profiled on <c>bench dispatch</c>), which is most of an embedded run's start-up.
/// Every write takes SQLite's write lock first (BEGIN IMMEDIATE): a statement that only upgrades its read to a write while
/// the journal commits would fail at once with "database is locked" instead of waiting its turn.
/// </summary>
public sealed class SqliteSnapshotStore : SnapshotStore
{
    private readonly SqliteConnections _connections;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly object _writeLock = new();
    private Task _lastWrite = Task.CompletedTask;

    public SqliteSnapshotStore(Config config)
    {
        _connections = new SqliteConnections(config);
        _serialization = Context.System.Serialization;
    }

    public const string PluginId = "akka.persistence.snapshot-store.cotosweep-sqlite";

    /// <summary>The plugin's HOCON block, at <see cref="PluginId"/>.</summary>
    public static string Hocon(string connectionString, SqliteSync sync) =>
        SqliteConnections.Hocon(PluginId, typeof(SqliteSnapshotStore), connectionString, sync, TimeSpan.FromSeconds(60));

    protected override Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            using var connection = _connections.Open();
            using var query = Select(connection, "SELECT sequence_number, created, snapshot, manifest, serializer_id FROM snapshot",
                persistenceId, criteria, " ORDER BY sequence_number DESC LIMIT 1");
            using var reader = query.ExecuteReader();
            if (!reader.Read()) return null;
            var snapshot = _serialization.Deserialize((byte[])reader[2], reader.IsDBNull(4) ? 0 : reader.GetInt32(4), reader.IsDBNull(3) ? "" : reader.GetString(3));
            return new SelectedSnapshot(new SnapshotMetadata(persistenceId, reader.GetInt64(0), new DateTime(reader.GetInt64(1), DateTimeKind.Utc)), snapshot);
        }, cancellationToken);

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken) =>
        InOrder(() =>
        {
            var serializer = _serialization.FindSerializerFor(snapshot);
            var bytes = serializer.ToBinary(snapshot);
            using var connection = _connections.Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT OR REPLACE INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id) " +
                                 "VALUES ($pid, $nr, $created, $snapshot, $manifest, $serializer)";
            insert.Parameters.AddWithValue("$pid", metadata.PersistenceId);
            insert.Parameters.AddWithValue("$nr", metadata.SequenceNr);
            insert.Parameters.AddWithValue("$created", metadata.Timestamp.Ticks);
            insert.Parameters.AddWithValue("$snapshot", bytes);
            insert.Parameters.AddWithValue("$manifest", Akka.Serialization.Serialization.ManifestFor(serializer, snapshot));
            insert.Parameters.AddWithValue("$serializer", serializer.Identifier);
            insert.ExecuteNonQuery();
            transaction.Commit();
        }, cancellationToken);

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) =>
        InOrder(() =>
        {
            using var connection = _connections.Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM snapshot WHERE persistence_id = $pid AND sequence_number = $nr";
            delete.Parameters.AddWithValue("$pid", metadata.PersistenceId);
            delete.Parameters.AddWithValue("$nr", metadata.SequenceNr);
            delete.ExecuteNonQuery();
            transaction.Commit();
        }, cancellationToken);

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        InOrder(() =>
        {
            using var connection = _connections.Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var delete = Select(connection, "DELETE FROM snapshot", persistenceId, criteria, "");
            delete.ExecuteNonQuery();
            transaction.Commit();
        }, cancellationToken);

    /// <summary>
    /// Runs writes one after another in the order they were asked for. The base class starts each request as it arrives,
    /// so on the thread pool a save could finish after the deletion its successor asked for (measured: five snapshots of
    /// a 60-trial sweep left behind in one run out of two), leaving old snapshots on disk for good and several big
    /// snapshots in memory at once. SQLite has one writer anyway, so nothing is lost by the queue.
    /// </summary>
    private Task InOrder(Action write, CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            var next = _lastWrite.ContinueWith(_ => write(), cancellationToken, TaskContinuationOptions.LazyCancellation, TaskScheduler.Default);
            _lastWrite = next;
            return next;
        }
    }

    /// <summary>A statement over the snapshots of one persistence id that <paramref name="criteria"/> selects.</summary>
    private static SqliteCommand Select(SqliteConnection connection, string head, string persistenceId, SnapshotSelectionCriteria criteria, string tail)
    {
        var command = connection.CreateCommand();
        command.CommandText = head + " WHERE persistence_id = $pid AND sequence_number <= $max AND sequence_number >= $min" +
                              " AND created <= $maxTime AND created >= $minTime" + tail;
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$max", criteria.MaxSequenceNr);
        command.Parameters.AddWithValue("$min", criteria.MinSequenceNr);
        command.Parameters.AddWithValue("$maxTime", criteria.MaxTimeStamp.Ticks);
        command.Parameters.AddWithValue("$minTime", criteria.MinTimestamp?.Ticks ?? 0L);
        return command;
    }
}
