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
    private SqliteCommand? _insert;

    public SqliteJournal(Config config)
    {
        _connections = new SqliteConnections(config);
        _serialization = Context.System.Serialization;
    }

    public const string PluginId = "akka.persistence.journal.cotosweep-sqlite";

    /// <summary>The plugin's HOCON block, at <see cref="PluginId"/>.</summary>
    public static string Hocon(string connectionString, SqliteSync sync) =>
        SqliteConnections.Hocon(PluginId, typeof(SqliteJournal), connectionString, sync);

    protected override void PostStop()
    {
        lock (_gate) CloseWriter();
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

    private void Insert(List<Row> rows)
    {
        try
        {
            var insert = InsertCommand();
            using var transaction = _writer!.BeginTransaction();
            insert.Transaction = transaction;
            var created = DateTime.UtcNow.Ticks;
            foreach (var r in rows)
            {
                insert.Parameters[0].Value = created;
                insert.Parameters[1].Value = r.PersistenceId;
                insert.Parameters[2].Value = r.SequenceNr;
                insert.Parameters[3].Value = r.Message;
                insert.Parameters[4].Value = r.Manifest;
                insert.Parameters[5].Value = r.Serializer;
                insert.Parameters[6].Value = r.WriterGuid;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        catch
        {
            // A failed write (disk full, I/O error) may leave the connection unusable: the next write opens a fresh one.
            CloseWriter();
            throw;
        }
    }

    private SqliteCommand InsertCommand()
    {
        if (_insert is not null) return _insert;
        _writer = _connections.Open();
        var insert = _writer.CreateCommand();
        insert.CommandText = "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) " +
                             "VALUES ($created, 0, $pid, $nr, $message, '', $manifest, $identifier, $writer)";
        foreach (var name in new[] { "$created", "$pid", "$nr", "$message", "$manifest", "$identifier", "$writer" })
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        insert.Prepare();
        return _insert = insert;
    }

    private void CloseWriter()
    {
        _insert?.Dispose();
        _insert = null;
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
                var payload = _serialization.Deserialize((byte[])reader[1], reader.IsDBNull(3) ? 0 : reader.GetInt32(3),
                    reader.IsDBNull(2) ? "" : reader.GetString(2));
                recoveryCallback(new Persistent(payload, reader.GetInt64(0), persistenceId, reader.IsDBNull(2) ? "" : reader.GetString(2),
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
                InsertCommand();
                using var transaction = _writer!.BeginTransaction();
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
