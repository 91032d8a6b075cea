using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;
using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Queries;

/// <summary>Reads Akka.Persistence.Sql's <c>journal</c> table of a SQLite file, read-only.</summary>
public sealed class SqliteJournalReader(string path) : IJournalReader
{
    public IReadOnlyList<JournaledEvent> Events(string persistenceId, long fromSequenceNr)
    {
        if (!File.Exists(path)) return [];
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        if (Convert.ToInt64(exists.ExecuteScalar()) == 0) return [];

        using var query = connection.CreateCommand();
        query.CommandText = JournalRows.Query("$", "0");
        query.Parameters.AddWithValue("$id", persistenceId);
        query.Parameters.AddWithValue("$from", fromSequenceNr);
        using var reader = query.ExecuteReader();
        return JournalRows.Read(reader, persistenceId, path);
    }
}
