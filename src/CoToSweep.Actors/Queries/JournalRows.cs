using System.Data.Common;
using CoToSweep.Actors.Serialization;

namespace CoToSweep.Actors.Queries;

/// <summary>Decodes rows of Akka.Persistence.Sql's journal and snapshot tables (the same on every database).</summary>
internal static class JournalRows
{
    /// <summary>
    /// The SELECT both readers run, with the persistence id as parameter <c>{0}id</c>, the first sequence number as
    /// <c>{0}from</c>, and the deleted flag's literal.
    /// </summary>
    public static string Query(string parameterPrefix, string notDeleted) => $"""
        SELECT sequence_number, manifest, identifier, message FROM journal
        WHERE persistence_id = {parameterPrefix}id AND sequence_number >= {parameterPrefix}from AND deleted = {notDeleted} ORDER BY sequence_number
        """;

    /// <summary>The newest snapshot of the persistence id <c>{0}id</c>.</summary>
    public static string SnapshotQuery(string parameterPrefix) => $"""
        SELECT sequence_number, manifest, serializer_id, snapshot FROM snapshot
        WHERE persistence_id = {parameterPrefix}id ORDER BY sequence_number DESC LIMIT 1
        """;

    /// <summary>The newest snapshot's first <c>{0}bytes</c> bytes (<c>substr</c> of a blob counts bytes on SQLite and PostgreSQL).</summary>
    public static string SnapshotHeadQuery(string parameterPrefix) => $"""
        SELECT sequence_number, manifest, serializer_id, substr(snapshot, 1, {parameterPrefix}bytes) FROM snapshot
        WHERE persistence_id = {parameterPrefix}id ORDER BY sequence_number DESC LIMIT 1
        """;

    /// <summary>Reads the row of <see cref="SnapshotHeadQuery"/>, if there is one.</summary>
    public static StoredSnapshotHead? ReadSnapshotHead(DbDataReader reader, string persistenceId, string source)
    {
        if (!reader.Read()) return null;
        CheckSerializer(reader, persistenceId, source, "snapshot");
        return new StoredSnapshotHead(reader.GetInt64(0), reader.GetString(1), (byte[])reader[3]);
    }

    /// <summary>Reads the rows of <see cref="Query"/>, refusing events that another serializer wrote.</summary>
    public static IReadOnlyList<JournaledEvent> Read(DbDataReader reader, string persistenceId, string source)
    {
        var events = new List<JournaledEvent>();
        while (reader.Read())
            events.Add(new JournaledEvent(reader.GetInt64(0), (Domain.Sweeps.ISweepEvent)Decode(reader, persistenceId, source, "event")));
        return events;
    }

    /// <summary>Reads the row of <see cref="SnapshotQuery"/>, if there is one.</summary>
    public static StoredSnapshot? ReadSnapshot(DbDataReader reader, string persistenceId, string source) =>
        reader.Read() ? new StoredSnapshot(reader.GetInt64(0), Decode(reader, persistenceId, source, "snapshot")) : null;

    private static object Decode(DbDataReader reader, string persistenceId, string source, string what)
    {
        CheckSerializer(reader, persistenceId, source, what);
        return SweepMessageCodec.Deserialize((byte[])reader[3], reader.GetString(1));
    }

    private static void CheckSerializer(DbDataReader reader, string persistenceId, string source, string what)
    {
        var identifier = reader.IsDBNull(2) ? -1 : reader.GetInt32(2);
        if (identifier != SweepMessageSerializer.Id)
            throw new InvalidDataException(
                $"{source}: {what} {persistenceId}#{reader.GetInt64(0)} was written by serializer {identifier}, not CoToSweep's ({SweepMessageSerializer.Id})");
    }
}
