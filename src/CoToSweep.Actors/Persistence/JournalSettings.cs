using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CoToSweep.Actors.Persistence;

/// <summary>Where the journal lives: a SQLite file in the state dir (embedded default) or PostgreSQL (clusters).</summary>
public sealed partial record JournalSettings(string Provider, string ConnectionString, SqliteSync Sync = SqliteSync.Normal)
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgresProvider = "PostgreSQL.15";

    public const string InMemoryProvider = "inmem";

    public bool IsSqlite => Provider == SqliteProvider;
    public bool IsPostgres => Provider == PostgresProvider;

    /// <summary>Where the journal is, for messages: the SQLite file's full path, or PostgreSQL's host, port and database (never a password).</summary>
    public string Describe()
    {
        if (IsSqlite) return Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
        if (!IsPostgres) return "the in-memory journal";
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }

    /// <summary>Akka's in-memory journal: nothing durable. Only the dispatch benchmark's baseline uses it.</summary>
    public static readonly JournalSettings InMemory = new(InMemoryProvider, "");

    public static JournalSettings Sqlite(string path) =>
        new(SqliteProvider, new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString());

    public static JournalSettings ForStateDirectory(string stateDir) => Sqlite(StateDirectory.JournalPath(stateDir));

    /// <summary>A PostgreSQL journal (Npgsql connection string); tables are created in the default schema on first use.</summary>
    public static JournalSettings Postgres(string connectionString) =>
        new(PostgresProvider, new NpgsqlConnectionStringBuilder(connectionString).ConnectionString);

    /// <summary>
    /// A <c>--journal</c> value: PostgreSQL for an Npgsql connection string (<c>Host=…</c>) or a
    /// <c>postgres://</c> / <c>postgresql://</c> URL; SQLite for <c>Data Source=…</c> or a file path.
    /// Throws <see cref="ArgumentException"/> with a one-line message (never echoing a password) when malformed.
    /// </summary>
    public static JournalSettings Parse(string connection)
    {
        var text = connection.Trim();
        if (text.Length == 0) throw new ArgumentException("empty journal: give a SQLite file path, 'Data Source=…', 'Host=…' or a postgres:// URL");
        if (UrlScheme().Match(text) is { Success: true } scheme)
            return scheme.Groups[1].Value.ToLowerInvariant() is "postgres" or "postgresql"
                ? Postgres(FromUrl(text))
                : throw new ArgumentException($"journal URL scheme '{scheme.Groups[1].Value}://' is not supported (use postgres:// or postgresql://)");
        if (!KeyValueStart().IsMatch(text)) return Sqlite(text);

        var keys = Keys(text);
        if (keys.Overlaps(["data source", "datasource", "filename"]))
        {
            string path;
            try { path = new SqliteConnectionStringBuilder(text).DataSource; }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new ArgumentException($"not a valid SQLite connection string: {FirstLine(e)}");
            }
            return path.Length > 0 ? Sqlite(path) : throw new ArgumentException("a SQLite connection string needs a file: Data Source=PATH");
        }
        if (!keys.Overlaps(["host", "server"]))
            throw new ArgumentException("a PostgreSQL connection string needs Host=… (a SQLite one Data Source=…)");
        try { return Postgres(text); }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"not a valid PostgreSQL connection string: {FirstLine(e)}");
        }
    }

    /// <summary><c>postgres://user:password@host:port/database?sslmode=require</c> → Npgsql key/value form.</summary>
    private static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new ArgumentException("not a valid PostgreSQL URL: expected postgres://user:password@host:port/database");
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (!uri.IsDefaultPort && uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            // libpq's names (application_name, connect_timeout) are Npgsql's with spaces (Application Name, Timeout aside).
            try { builder[builder.ContainsKey(key) ? key : key.Replace('_', ' ')] = value; }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                throw new ArgumentException($"not a valid PostgreSQL URL: parameter '{key}': {FirstLine(e)}");
            }
        }
        return builder.ConnectionString;
    }

    private static HashSet<string> Keys(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2)[0].Trim().ToLowerInvariant())
            .ToHashSet();

    /// <summary>The reason in one line, without .NET's " (Parameter 'x')" suffix; an unknown key is named.</summary>
    private static string FirstLine(Exception e)
    {
        if (e is ArgumentException { ParamName: { } key } && e.InnerException is KeyNotFoundException) return $"unknown key '{key}'";
        var message = (e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "") : e.Message)
            .Split('\n')[0].Trim();
        return e.InnerException is { } inner ? $"{message}: {FirstLine(inner)}" : message;
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]*)://")]
    private static partial Regex UrlScheme();

    /// <summary>A connection string starts with <c>Key=</c>; a path never has '=' before its first separator.</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z ]*=")]
    private static partial Regex KeyValueStart();

    /// <summary>
    /// Akka.Persistence.Sql's snapshot store, and its journal for PostgreSQL; a SQLite journal is written by
    /// <see cref="SqliteJournal"/> (same tables, a fraction of the cost per event). HOCON is the escape hatch here
    /// because the hosting package for this plugin is not published at our Akka version.
    /// </summary>
    public string ToHocon() => Provider == InMemoryProvider
        ? """
          akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
          akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
          """
        : $$"""
        akka.persistence {
          journal {
            plugin = "{{(IsSqlite ? SqliteJournal.PluginId : "akka.persistence.journal.sql")}}"
            sql {
              connection-string = {{Quote(ConnectionString)}}
              provider-name = "{{Provider}}"
              auto-initialize = true
              tag-write-mode = Csv
              warn-on-auto-init-fail = false
              # A big sweep's snapshot (~90 MB at a million trials) takes seconds to write on a busy machine; the default
              # 10 s would fail journal writes queued behind it (the coordinator would restart). The SQLite plugins set
              # their own timeouts (SqliteConnections.Hocon).
              circuit-breaker.call-timeout = 30s
            }
          }
          snapshot-store {
            plugin = "{{(IsSqlite ? SqliteSnapshotStore.PluginId : "akka.persistence.snapshot-store.sql")}}"
            sql {
              connection-string = {{Quote(ConnectionString)}}
              provider-name = "{{Provider}}"
              auto-initialize = true
              circuit-breaker.call-timeout = 60s
            }
          }
        }
        {{(IsSqlite ? SqliteJournal.Hocon(ConnectionString, Sync) + "\n" + SqliteSnapshotStore.Hocon(ConnectionString, Sync) : "")}}
        """;

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
