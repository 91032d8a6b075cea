using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Persistence;

/// <summary>
/// How the SQLite plugins (<see cref="SqliteJournal"/>, <see cref="SqliteSnapshotStore"/>) open their connections: the
/// file from the plugin's <c>connection-string</c>, the sync level of <see cref="SqliteSync"/> and a busy timeout on
/// each, and the tables created (unless they exist) before the first statement. A big sweep's snapshot (~90 MB at a
/// million trials) holds SQLite's one write lock for seconds on a busy machine: a journal write waits for it (up to the
/// busy timeout, under the journal's call timeout of 30 s) instead of failing and restarting the coordinator.
/// </summary>
internal sealed class SqliteConnections(Config config)
{
    private readonly string _connectionString = config.GetString("connection-string");
    private readonly string _pragmas =
        $"PRAGMA synchronous={(config.GetString("synchronous", "NORMAL").Equals("FULL", StringComparison.OrdinalIgnoreCase) ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=25000;";
    private volatile bool _created;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            pragma.CommandText = _pragmas;
            pragma.ExecuteNonQuery();
            if (!_created)
            {
                SqliteJournalSchema.Create(connection);
                _created = true;
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A plugin's HOCON block at <paramref name="pluginId"/>.</summary>
    public static string Hocon(string pluginId, Type plugin, string connectionString, SqliteSync sync, TimeSpan callTimeout) => $$"""
        {{pluginId}} {
          circuit-breaker.call-timeout = {{(int)callTimeout.TotalSeconds}}s
          class = "{{plugin.FullName}}, {{plugin.Assembly.GetName().Name}}"
          plugin-dispatcher = "akka.persistence.dispatchers.default-plugin-dispatcher"
          connection-string = {{Quote(connectionString)}}
          synchronous = {{(sync == SqliteSync.Full ? "FULL" : "NORMAL")}}
        }
        """;

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
