using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Queries;

/// <summary>Reads Akka.Persistence.Sql's <c>journal</c> and <c>snapshot</c> tables of a SQLite file, read-only.</summary>
public sealed class SqliteJournalReader(string path) : IJournalReader
{
    public IReadOnlyList<JournaledEvent> Events(string persistenceId, long fromSequenceNr)
    {
        using var connection = Open("journal");
        if (connection is null) return [];
        using var query = connection.CreateCommand();
        query.CommandText = JournalRows.Query("$", "0");
        query.Parameters.AddWithValue("$id", persistenceId);
        query.Parameters.AddWithValue("$from", fromSequenceNr);
        using var reader = query.ExecuteReader();
        return JournalRows.Read(reader, persistenceId, path);
    }

    public StoredSnapshot? LatestSnapshot(string persistenceId)
    {
        using var connection = Open("snapshot");
        if (connection is null) return null;
        using var query = connection.CreateCommand();
        query.CommandText = JournalRows.SnapshotQuery("$");
        query.Parameters.AddWithValue("$id", persistenceId);
        using var reader = query.ExecuteReader();
        return JournalRows.ReadSnapshot(reader, persistenceId, path);
    }

    public StoredSnapshotHead? LatestSnapshotHead(string persistenceId, int bytes)
    {
        using var connection = Open("snapshot");
        if (connection is null) return null;
        using var query = connection.CreateCommand();
        query.CommandText = JournalRows.SnapshotHeadQuery("$");
        query.Parameters.AddWithValue("$id", persistenceId);
        query.Parameters.AddWithValue("$bytes", bytes);
        using var reader = query.ExecuteReader();
        return JournalRows.ReadSnapshotHead(reader, persistenceId, path);
    }

    /// <summary>A read-only connection, or null when the file or the table does not exist (yet).</summary>
    private SqliteConnection? Open(string table)
    {
        if (!File.Exists(path)) return null;
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $table";
        exists.Parameters.AddWithValue("$table", table);
        if (Convert.ToInt64(exists.ExecuteScalar()) > 0) return connection;
        connection.Dispose();
        return null;
    }
}
