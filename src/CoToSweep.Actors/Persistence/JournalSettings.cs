using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Persistence;

/// <summary>Where the journal lives: a SQLite file in the state dir (embedded default) or PostgreSQL (clusters).</summary>
public sealed record JournalSettings(string Provider, string ConnectionString, SqliteSync Sync = SqliteSync.Normal)
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgresProvider = "PostgreSQL.15";

    public const string InMemoryProvider = "inmem";

    public bool IsSqlite => Provider == SqliteProvider;

    /// <summary>Akka's in-memory journal: nothing durable. Only the dispatch benchmark's baseline uses it.</summary>
    public static readonly JournalSettings InMemory = new(InMemoryProvider, "");

    public static JournalSettings Sqlite(string path) =>
        new(SqliteProvider, new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString());

    public static JournalSettings ForStateDirectory(string stateDir) => Sqlite(StateDirectory.JournalPath(stateDir));

    /// <summary>
    /// Akka.Persistence.Sql's journal and snapshot store. HOCON is the escape hatch here because the hosting
    /// package for this plugin is not published at our Akka version.
    /// </summary>
    public string ToHocon() => Provider == InMemoryProvider
        ? """
          akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
          akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.local"
          """
        : $$"""
        akka.persistence {
          journal {
            plugin = "akka.persistence.journal.sql"
            sql {
              connection-string = {{Quote(ConnectionString)}}
              provider-name = "{{Provider}}"
              auto-initialize = true
              tag-write-mode = Csv
              warn-on-auto-init-fail = false
            }
          }
          snapshot-store {
            plugin = "akka.persistence.snapshot-store.sql"
            sql {
              connection-string = {{Quote(ConnectionString)}}
              provider-name = "{{Provider}}"
              auto-initialize = true
            }
          }
        }
        """;

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
