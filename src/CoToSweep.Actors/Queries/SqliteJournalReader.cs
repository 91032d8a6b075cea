using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;
using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Queries;

/// <summary>Reads Akka.Persistence.Sql's <c>journal</c> table of a SQLite file, read-only.</summary>
public sealed class SqliteJournalReader(string path) : IJournalReader
{
    public IReadOnlyList<ISweepEvent> Events(string persistenceId)
    {
        if (!File.Exists(path)) return [];
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        if (Convert.ToInt64(exists.ExecuteScalar()) == 0) return [];

        using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT sequence_number, manifest, identifier, message FROM journal
            WHERE persistence_id = $id AND deleted = 0 ORDER BY sequence_number
            """;
        query.Parameters.AddWithValue("$id", persistenceId);
        var events = new List<ISweepEvent>();
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            var identifier = reader.GetInt32(2);
            if (identifier != SweepMessageSerializer.Id)
                throw new InvalidDataException(
                    $"{path}: event {persistenceId}#{reader.GetInt64(0)} was written by serializer {identifier}, not CoToSweep's ({SweepMessageSerializer.Id})");
            events.Add((ISweepEvent)SweepMessageCodec.Deserialize((byte[])reader[3], reader.GetString(1)));
        }
        return events;
    }
}
