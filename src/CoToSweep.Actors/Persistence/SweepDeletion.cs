using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;
using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Persistence;

/// <summary>
/// Removes one sweep from a SQLite journal: every row of its persistence id in every table that has one (events,
/// snapshots, and whatever query or metadata tables the plugin adds), and its registration in the registry's stream,
/// in one transaction. The caller holds the state dir's lock, so no coordinator has the journal open for writing;
/// the registry's remaining events keep their sequence numbers (replay does not need them to be contiguous).
/// </summary>
public static class SweepDeletion
{
    /// <summary>Deletes the sweep's rows; returns how many rows went.</summary>
    public static int Delete(string journalPath, string sweepId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = journalPath, Pooling = false }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var deleted = 0;
        foreach (var table in TablesWithPersistenceId(connection))
            deleted += Execute(connection, $"DELETE FROM [{table}] WHERE persistence_id IN ($id, $overview)",
                ("$id", SweepCoordinator.PersistenceIdFor(sweepId)), ("$overview", OverviewSnapshots.IdFor(sweepId)));
        foreach (var sequenceNr in Registrations(connection, sweepId))
            deleted += Execute(connection, "DELETE FROM journal WHERE persistence_id = $id AND sequence_number = $nr",
                ("$id", SweepRegistry.Id), ("$nr", sequenceNr));
        transaction.Commit();
        return deleted;
    }

    private static List<string> TablesWithPersistenceId(SqliteConnection connection)
    {
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'persistence_id'";
        using var reader = query.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }

    /// <summary>The registry's events that registered this sweep (a sweep is registered once, but a rerun after a delete registers it again).</summary>
    private static List<long> Registrations(SqliteConnection connection, string sweepId)
    {
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT sequence_number, manifest, message FROM journal WHERE persistence_id = $id";
        query.Parameters.AddWithValue("$id", SweepRegistry.Id);
        using var reader = query.ExecuteReader();
        var rows = new List<long>();
        while (reader.Read())
            if (SweepMessageCodec.Deserialize((byte[])reader[2], reader.GetString(1)) is RegistryEvents.SweepRegistered r && r.SweepId == sweepId)
                rows.Add(reader.GetInt64(0));
        return rows;
    }

    private static int Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command.ExecuteNonQuery();
    }
}
