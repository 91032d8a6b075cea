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
            using var query = Select("SELECT sequence_number, created, snapshot, manifest, serializer_id FROM snapshot",
                persistenceId, criteria, " ORDER BY sequence_number DESC LIMIT 1");
            query.Connection = connection;
            using var reader = query.ExecuteReader();
            if (!reader.Read()) return null;
            var snapshot = _serialization.Deserialize((byte[])reader[2], reader.IsDBNull(4) ? 0 : reader.GetInt32(4), reader.IsDBNull(3) ? "" : reader.GetString(3));
            return new SelectedSnapshot(new SnapshotMetadata(persistenceId, reader.GetInt64(0), new DateTime(reader.GetInt64(1), DateTimeKind.Utc)), snapshot);
        }, cancellationToken);

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        var serializer = _serialization.FindSerializerFor(snapshot);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, snapshot);
        // The payload is bound as $snapshot; "zeroblob($snapshot)" makes a row of that many zero bytes instead.
        SqliteCommand Insert(object payload, string value = "$snapshot")
        {
            var insert = new SqliteCommand();
            insert.CommandText = "INSERT OR REPLACE INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id) " +
                                 $"VALUES ($pid, $nr, $created, {value}, $manifest, $serializer)";
            insert.Parameters.AddWithValue("$pid", metadata.PersistenceId);
            insert.Parameters.AddWithValue("$nr", metadata.SequenceNr);
            insert.Parameters.AddWithValue("$created", metadata.Timestamp.Ticks);
            insert.Parameters.AddWithValue("$snapshot", payload);
            insert.Parameters.AddWithValue("$manifest", manifest);
            insert.Parameters.AddWithValue("$serializer", serializer.Identifier);
            return insert;
        }

        if (snapshot is not SweepSnapshot { State: var state } || serializer is not Serialization.SweepMessageSerializer)
            return Write(() => Insert(serializer.ToBinary(snapshot)), cancellationToken);
        // A sweep's state (93 MB at a million trials) is streamed into a row made to its size, its length found first by
        // encoding it into nothing: no array of its size at all (a kept buffer had grown to 152 MB by doubling, the biggest
        // object of a million-trial run; before it, new arrays per save and SQLite's native copy of the bound value). The
        // state is immutable, so both passes give the same bytes; the length pass runs outside SQLite's write lock.
        var length = 0L;
        return Write(() =>
        {
            length = Serialization.SweepSnapshotCodec.Length(state);
            return Insert(length, "zeroblob($snapshot)");
        }, cancellationToken, connection =>
        {
            using var rowid = connection.CreateCommand();
            rowid.CommandText = "SELECT last_insert_rowid()";
            using var blob = new SqliteBlob(connection, "snapshot", "snapshot", (long)rowid.ExecuteScalar()!);
            Serialization.SweepSnapshotCodec.Write(state, blob);
            if (blob.Position != length)
                throw new InvalidOperationException($"snapshot of {metadata.PersistenceId}: {blob.Position} bytes written into a row of {length}");
        });
    }

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) =>
        Write(() =>
        {
            var delete = new SqliteCommand();
            delete.CommandText = "DELETE FROM snapshot WHERE persistence_id = $pid AND sequence_number = $nr";
            delete.Parameters.AddWithValue("$pid", metadata.PersistenceId);
            delete.Parameters.AddWithValue("$nr", metadata.SequenceNr);
            return delete;
        }, cancellationToken);

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        Write(() => Select("DELETE FROM snapshot", persistenceId, criteria, ""), cancellationToken);

    /// <summary>
    /// Runs writes one after another in the order they were asked for. The base class starts each request as it arrives,
    /// so on the thread pool a save could finish after the deletion its successor asked for (measured: five snapshots of
    /// a 60-trial sweep left behind in one run out of two), leaving old snapshots on disk for good and several big
    /// snapshots in memory at once. SQLite has one writer anyway, so nothing is lost by the queue.
    /// </summary>
    /// <remarks>
    /// Each write is one statement in its own transaction, begun with the write lock (see the class comment). The statement
    /// is made first, with no connection open: a big snapshot is serialized there, outside the lock.
    /// </remarks>
    /// <param name="then">More of the same transaction, after the statement (a snapshot's payload streamed into its row).</param>
    private Task Write(Func<SqliteCommand> statement, CancellationToken cancellationToken, Action<SqliteConnection>? then = null)
    {
        void Run()
        {
            using var command = statement();
            using var connection = _connections.Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            command.Connection = connection;
            command.Transaction = transaction;
            command.ExecuteNonQuery();
            then?.Invoke(connection);
            transaction.Commit();
        }

        lock (_writeLock)
        {
            var next = _lastWrite.ContinueWith(_ => Run(), cancellationToken, TaskContinuationOptions.LazyCancellation, TaskScheduler.Default);
            _lastWrite = next;
            return next;
        }
    }

    /// <summary>A statement over the snapshots of one persistence id that <paramref name="criteria"/> selects.</summary>
    private static SqliteCommand Select(string head, string persistenceId, SnapshotSelectionCriteria criteria, string tail)
    {
        var command = new SqliteCommand();
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
