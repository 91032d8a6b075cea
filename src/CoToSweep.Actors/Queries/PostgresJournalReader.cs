using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;
using Npgsql;

namespace CoToSweep.Actors.Queries;

/// <summary>
/// Reads Akka.Persistence.Sql's <c>journal</c> table on PostgreSQL (default table mapping: unquoted lower-case names,
/// created in the first schema of the search path, <c>public</c> by default), in read-only transactions.
/// A database without the table reads as no events.
/// </summary>
public sealed class PostgresJournalReader : IJournalReader
{
    private readonly string _connectionString;

    public PostgresJournalReader(JournalSettings journal)
    {
        if (!journal.IsPostgres) throw new ArgumentException($"not a PostgreSQL journal: {journal.Provider}");
        _connectionString = new NpgsqlConnectionStringBuilder(journal.ConnectionString)
        {
            Options = "-c default_transaction_read_only=on",
        }.ConnectionString;
    }

    /// <summary>Opens one connection, so that an unreachable server or a refused login shows up before any query.</summary>
    public void Probe()
    {
        using var connection = Open();
    }

    public IReadOnlyList<JournaledEvent> Events(string persistenceId, long fromSequenceNr)
    {
        using var connection = Open();
        if (!HasTable(connection, "journal")) return [];
        using var query = new NpgsqlCommand(JournalRows.Query("@", "false"), connection);
        query.Parameters.AddWithValue("id", persistenceId);
        query.Parameters.AddWithValue("from", fromSequenceNr);
        using var reader = query.ExecuteReader();
        return JournalRows.Read(reader, persistenceId, "PostgreSQL journal");
    }

    public StoredSnapshot? LatestSnapshot(string persistenceId)
    {
        using var connection = Open();
        if (!HasTable(connection, "snapshot")) return null;
        using var query = new NpgsqlCommand(JournalRows.SnapshotQuery("@"), connection);
        query.Parameters.AddWithValue("id", persistenceId);
        using var reader = query.ExecuteReader();
        return JournalRows.ReadSnapshot(reader, persistenceId, "PostgreSQL snapshot store");
    }

    public StoredSnapshotHead? LatestSnapshotHead(string persistenceId, int bytes)
    {
        using var connection = Open();
        if (!HasTable(connection, "snapshot")) return null;
        using var query = new NpgsqlCommand(JournalRows.SnapshotHeadQuery("@"), connection);
        query.Parameters.AddWithValue("id", persistenceId);
        query.Parameters.AddWithValue("bytes", bytes);
        using var reader = query.ExecuteReader();
        return JournalRows.ReadSnapshotHead(reader, persistenceId, "PostgreSQL snapshot store");
    }

    private static bool HasTable(NpgsqlConnection connection, string table)
    {
        using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", table);
        return (bool)exists.ExecuteScalar()!;
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            connection.Dispose();
            var target = new NpgsqlConnectionStringBuilder(_connectionString);
            throw new JournalUnavailableException(
                $"PostgreSQL journal at {target.Host}:{target.Port}{(target.Database is { Length: > 0 } db ? "/" + db : "")}: {e.Message.Split('\n')[0].Trim()}", e);
        }
    }
}

/// <summary>The journal's database could not be reached (server down, refused login, missing database).</summary>
public sealed class JournalUnavailableException(string message, Exception inner) : IOException(message, inner);
