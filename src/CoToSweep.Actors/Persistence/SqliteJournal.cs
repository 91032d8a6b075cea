using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Serialization;
using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Persistence;

/// <summary>
/// The embedded journal: SQLite through one open connection and prepared statements, in Akka.Persistence.Sql's table
/// layout (<see cref="SqliteJournalSchema"/>), so every reader, fixture and journal written before keeps working.
/// Why not Akka.Persistence.Sql itself (it still holds the snapshot store, and PostgreSQL): it builds each multi-row
/// insert as SQL text with every payload written out in hex, opens a mapped connection per batch and passes each write
/// through a stream; profiled on <c>bench dispatch</c> that cost about 0.35 ms of CPU per trial (as much as all the
/// rest of the coordinator) and, cold, about 2 s of just-in-time compilation before the first trial was leased.
/// A batch of atomic writes (what one persistent actor sends while its previous write was in flight) is one
/// transaction; a payload the serializer refuses rejects its own atomic write only. Writes are serialized on one
/// connection (SQLite has one writer anyway); replays read on a connection of their own.
/// </summary>
public sealed class SqliteJournal : AsyncWriteJournal
{
    private readonly SqliteConnections _connections;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly object _gate = new();
    private SqliteConnection? _writer;
    private WriteStatements? _statements;
    private WalCheckpointer? _checkpointer;

    public SqliteJournal(Config config)
    {
        _connections = new SqliteConnections(config);
        _serialization = Context.System.Serialization;
    }

    public const string PluginId = "akka.persistence.journal.cotosweep-sqlite";

    /// <summary>The plugin's HOCON block, at <see cref="PluginId"/>.</summary>
    public static string Hocon(string connectionString, SqliteSync sync) =>
        SqliteConnections.Hocon(PluginId, typeof(SqliteJournal), connectionString, sync, TimeSpan.FromSeconds(30));

    protected override void PostStop()
    {
        lock (_gate) CloseWriter();
        _checkpointer?.Dispose();
        base.PostStop();
    }

    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        try
        {
            var results = new List<Exception?>();
            var rows = new List<Row>();
            foreach (var write in messages)
            {
                var before = rows.Count;
                try
                {
                    foreach (var p in (IImmutableList<IPersistentRepresentation>)write.Payload) rows.Add(Serialize(p));
                    results.Add(null);
                }
                catch (Exception e)
                {
                    // Rejected (not failed): nothing of this atomic write goes in, the others do.
                    rows.RemoveRange(before, rows.Count - before);
                    results.Add(e);
                }
            }
            if (rows.Count > 0) lock (_gate) Insert(rows);
            return Task.FromResult<IImmutableList<Exception?>>(results.ToImmutableList());
        }
        catch (Exception e)
        {
            return Task.FromException<IImmutableList<Exception?>>(e);
        }
    }

    private sealed record Row(string PersistenceId, long SequenceNr, byte[] Message, string Manifest, int Serializer, string WriterGuid);

    private Row Serialize(IPersistentRepresentation p)
    {
        var payload = p.Payload;
        var serializer = _serialization.FindSerializerFor(payload);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, payload);
        return new Row(p.PersistenceId, p.SequenceNr, serializer.ToBinary(payload), manifest, serializer.Identifier, p.WriterGuid);
    }

    // Rows per INSERT statement at most: one statement per row costs a reader, a step and a reset each (profiled).
    private const int RowsPerStatement = 32;

    private void Insert(List<Row> rows)
    {
        try
        {
            var statements = Statements();
            // Before this write, not after: a checkpoint that fails then fails a write that did not happen.
            if (_checkpointer is { Overdue: true } behind) behind.CheckpointOn(_writer!);
            // BEGIN and COMMIT as prepared statements of their own (SqliteConnection.BeginTransaction prepares both anew each time).
            statements.Begin.ExecuteNonQuery();
            var created = DateTime.UtcNow.Ticks;
            for (var first = 0; first < rows.Count; first += RowsPerStatement)
            {
                var count = Math.Min(RowsPerStatement, rows.Count - first);
                var insert = statements.InsertOf(count, this);
                for (var i = 0; i < count; i++)
                {
                    var r = rows[first + i];
                    var p = insert.Parameters;
                    p[7 * i].Value = created;
                    p[7 * i + 1].Value = r.PersistenceId;
                    p[7 * i + 2].Value = r.SequenceNr;
                    p[7 * i + 3].Value = r.Message;
                    p[7 * i + 4].Value = r.Manifest;
                    p[7 * i + 5].Value = r.Serializer;
                    p[7 * i + 6].Value = r.WriterGuid;
                }
                insert.ExecuteNonQuery();
            }
            statements.Commit.ExecuteNonQuery();
            Checkpointer().Committed();
        }
        catch
        {
            // A failed write (disk full, I/O error) is rolled back; the connection may be unusable: the next write opens a fresh one.
            Rollback();
            CloseWriter();
            throw;
        }
    }

    /// <summary>The writer's prepared statements (an INSERT per row count, made when first needed), on one connection.</summary>
    private sealed record WriteStatements(SqliteCommand Begin, SqliteCommand Commit) : IDisposable
    {
        private readonly SqliteCommand?[] _inserts = new SqliteCommand?[RowsPerStatement + 1];

        public SqliteCommand InsertOf(int rows, SqliteJournal journal)
        {
            if (_inserts[rows] is { } made) return made;
            var values = Enumerable.Range(0, rows).Select(i => $"($c{i}, 0, $p{i}, $n{i}, $m{i}, '', $f{i}, $s{i}, $w{i})");
            var names = Enumerable.Range(0, rows).SelectMany(i => new[] { $"$c{i}", $"$p{i}", $"$n{i}", $"$m{i}", $"$f{i}", $"$s{i}", $"$w{i}" });
            return _inserts[rows] = journal.Prepare(
                "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) VALUES " +
                string.Join(", ", values), names.ToArray());
        }

        public void Dispose()
        {
            Begin.Dispose();
            Commit.Dispose();
            foreach (var insert in _inserts) insert?.Dispose();
        }
    }

    /// <summary>Checkpoints off the writer's thread (see <see cref="WalCheckpointer"/>), started with the first write.</summary>
    private WalCheckpointer Checkpointer() => _checkpointer ??= new WalCheckpointer(_connections.Open);

    private WriteStatements Statements()
    {
        if (_statements is not null) return _statements;
        _writer = _connections.Open();
        WalCheckpointer.DisableOn(_writer);
        return _statements = new WriteStatements(Prepare("BEGIN IMMEDIATE"), Prepare("COMMIT"));
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _writer!.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private void Rollback()
    {
        if (_writer is null || _writer.State != System.Data.ConnectionState.Open) return;
        try
        {
            using var rollback = _writer.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
        catch (SqliteException) { }   // no transaction open (BEGIN failed), or SQLite rolled it back itself
    }

    private void CloseWriter()
    {
        _statements?.Dispose();
        _statements = null;
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>Reads on a connection of its own, so that a long replay does not hold up other sweeps' writes.</summary>
    private async Task<T> ReadAsync<T>(Func<SqliteConnection, T> read)
    {
        await Task.Yield();
        using var connection = _connections.Open();
        return read(connection);
    }

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback)
    {
        if (max <= 0) return Task.CompletedTask;
        return ReadAsync(connection =>
        {
            using var query = connection.CreateCommand();
            query.CommandText = "SELECT sequence_number, message, manifest, identifier, writer_uuid, created FROM journal " +
                                "WHERE persistence_id = $pid AND sequence_number >= $from AND sequence_number <= $to AND deleted = 0 " +
                                "ORDER BY sequence_number LIMIT $max";
            query.Parameters.AddWithValue("$pid", persistenceId);
            query.Parameters.AddWithValue("$from", fromSequenceNr);
            query.Parameters.AddWithValue("$to", toSequenceNr);
            query.Parameters.AddWithValue("$max", max);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                var manifest = reader.IsDBNull(2) ? "" : reader.GetString(2);
                var payload = _serialization.Deserialize((byte[])reader[1], reader.IsDBNull(3) ? 0 : reader.GetInt32(3), manifest);
                recoveryCallback(new Persistent(payload, reader.GetInt64(0), persistenceId, manifest,
                    false, ActorRefs.NoSender, reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5)));
            }
            return 0;
        });
    }

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) => ReadAsync(connection =>
    {
        // Deleted rows count: the highest one is kept (marked deleted) so that numbering goes on after a delete.
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid AND sequence_number >= $from";
        query.Parameters.AddWithValue("$pid", persistenceId);
        query.Parameters.AddWithValue("$from", fromSequenceNr);
        return query.ExecuteScalar() is long highest ? highest : 0L;
    });

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        try
        {
            lock (_gate)
            {
                Statements();
                using var transaction = _writer!.BeginTransaction(deferred: false);
                Execute("UPDATE journal SET deleted = 1 WHERE persistence_id = $pid AND sequence_number <= $to", persistenceId, toSequenceNr, transaction);
                Execute("DELETE FROM journal WHERE persistence_id = $pid AND sequence_number <= $to AND sequence_number < " +
                        "(SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid AND deleted = 1)", persistenceId, toSequenceNr, transaction);
                transaction.Commit();
            }
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            lock (_gate) CloseWriter();
            return Task.FromException(e);
        }
    }

    private void Execute(string sql, string persistenceId, long toSequenceNr, SqliteTransaction transaction)
    {
        using var command = _writer!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$to", toSequenceNr);
        command.ExecuteNonQuery();
    }
}
