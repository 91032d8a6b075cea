using System.Data.Common;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

/// <summary>Decodes rows of Akka.Persistence.Sql's journal table (the same on every database).</summary>
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

    /// <summary>Reads the rows of <see cref="Query"/>, refusing events that another serializer wrote.</summary>
    public static IReadOnlyList<JournaledEvent> Read(DbDataReader reader, string persistenceId, string source)
    {
        var events = new List<JournaledEvent>();
        while (reader.Read())
        {
            var identifier = reader.GetInt32(2);
            if (identifier != SweepMessageSerializer.Id)
                throw new InvalidDataException(
                    $"{source}: event {persistenceId}#{reader.GetInt64(0)} was written by serializer {identifier}, not CoToSweep's ({SweepMessageSerializer.Id})");
            events.Add(new JournaledEvent(reader.GetInt64(0), (ISweepEvent)SweepMessageCodec.Deserialize((byte[])reader[3], reader.GetString(1))));
        }
        return events;
    }
}
