using System.Text.Json;
using Npgsql;
using Serilog;

namespace CoToSweep.Actors.Persistence;

/// <summary>A coordinator's row in <c>cotosweep_coordinators</c>: who it is and when it last said it was alive.</summary>
public sealed record CoordinatorNode(string Node, int Pid, string Host, DateTimeOffset Started, DateTimeOffset Heartbeat, IReadOnlyList<string> Sweeps,
    IReadOnlyList<SweepStall>? Stalls = null)
{
    public LockHolder ToLockHolder() => new(Pid, Host, Started, Sweeps, Stalls);
}

/// <summary>
/// Liveness of coordinators on a PostgreSQL journal, which has no lock file: each coordinator upserts its row every
/// <c>interval</c> (heartbeat = the server's clock, so node clocks do not matter); <see cref="Dispose"/> stops and
/// deletes the row. A coordinator that dies simply stops beating, and its row goes stale.
/// </summary>
public sealed class CoordinatorHeartbeat : IDisposable
{
    public const string Table = "cotosweep_coordinators";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromSeconds(15);

    private readonly string _connectionString;
    private CoordinatorNode _row;
    private readonly TimeSpan _interval;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private bool _disposed;

    private CoordinatorHeartbeat(string connectionString, CoordinatorNode row, TimeSpan interval)
    {
        _connectionString = connectionString;
        _row = row;
        _interval = interval;
        _timer = new Timer(_ => Beat(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Node => _row.Node;

    /// <summary>
    /// Creates the table if needed and writes the first beat before returning (so a bad connection fails here).
    /// <paramref name="node"/> defaults to <c>host:pid</c>; <paramref name="sweeps"/> to <c>*</c> (all sweeps).
    /// </summary>
    public static CoordinatorHeartbeat Start(JournalSettings journal, string? node = null, IReadOnlyList<string>? sweeps = null, TimeSpan? interval = null)
    {
        if (!journal.IsPostgres) throw new ArgumentException($"coordinator heartbeats need a PostgreSQL journal, not {journal.Provider}");
        var row = new CoordinatorNode(node ?? $"{Environment.MachineName}:{Environment.ProcessId}", Environment.ProcessId,
            Environment.MachineName, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, sweeps ?? ["*"]);
        var heartbeat = new CoordinatorHeartbeat(journal.ConnectionString, row, interval ?? DefaultInterval);
        using (var connection = heartbeat.Connect())
        {
            EnsureTable(connection);
            heartbeat.Upsert(connection);
        }
        heartbeat._timer.Change(heartbeat._interval, Timeout.InfiniteTimeSpan);
        return heartbeat;
    }

    /// <summary>Coordinators whose last beat is newer than <paramref name="staleAfter"/> (by the server's clock).</summary>
    public static IReadOnlyList<CoordinatorNode> LiveNodes(JournalSettings journal, TimeSpan staleAfter)
    {
        using var connection = new NpgsqlConnection(journal.ConnectionString);
        connection.Open();
        using var exists = new NpgsqlCommand($"SELECT to_regclass('{Table}') IS NOT NULL", connection);
        if (!(bool)exists.ExecuteScalar()!) return [];
        using var query = new NpgsqlCommand($"""
            SELECT node, pid, host, started, heartbeat, sweeps, stalls FROM {Table}
            WHERE heartbeat > now() - @stale ORDER BY heartbeat DESC
            """, connection);
        query.Parameters.AddWithValue("stale", staleAfter);
        using var reader = query.ExecuteReader();
        var nodes = new List<CoordinatorNode>();
        while (reader.Read())
            nodes.Add(new CoordinatorNode(reader.GetString(0), reader.GetInt32(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries), Stalls(reader.GetString(6))));
        return nodes;
    }

    private NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Creates the table once; an advisory lock makes nodes that start together take turns (CREATE … IF NOT
    /// EXISTS alone races on the catalog).</summary>
    private static void EnsureTable(NpgsqlConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var create = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtext('{Table}'));
            CREATE TABLE IF NOT EXISTS {Table} (
              node text PRIMARY KEY, pid int NOT NULL, host text NOT NULL,
              started timestamptz NOT NULL, heartbeat timestamptz NOT NULL, sweeps text NOT NULL);
            ALTER TABLE {Table} ADD COLUMN IF NOT EXISTS stalls text NOT NULL DEFAULT '';
            """, connection, transaction);
        create.ExecuteNonQuery();
        transaction.Commit();
    }

    private void Upsert(NpgsqlConnection connection)
    {
        using var upsert = new NpgsqlCommand($"""
            INSERT INTO {Table} (node, pid, host, started, heartbeat, sweeps, stalls)
            VALUES (@node, @pid, @host, @started, now(), @sweeps, @stalls)
            ON CONFLICT (node) DO UPDATE SET pid = excluded.pid, host = excluded.host, started = excluded.started,
              heartbeat = excluded.heartbeat, sweeps = excluded.sweeps, stalls = excluded.stalls
            """, connection);
        upsert.Parameters.AddWithValue("node", _row.Node);
        upsert.Parameters.AddWithValue("pid", _row.Pid);
        upsert.Parameters.AddWithValue("host", _row.Host);
        upsert.Parameters.AddWithValue("started", _row.Started);
        upsert.Parameters.AddWithValue("sweeps", string.Join(',', _row.Sweeps));
        upsert.Parameters.AddWithValue("stalls", _row.Stalls is { Count: > 0 } stalls ? JsonSerializer.Serialize(stalls, StallJson) : "");
        upsert.ExecuteNonQuery();
    }

    /// <summary>The sweeps stalled now, written by a beat started at once (best effort).</summary>
    public void RecordStalls(IReadOnlyList<SweepStall> stalls)
    {
        lock (_gate)
        {
            if (_disposed) return;
            _row = _row with { Stalls = stalls };
            _timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);   // on the timer's thread: a journal that is down may hang
        }
    }

    private static IReadOnlyList<SweepStall>? Stalls(string json) =>
        json.Length == 0 ? null : JsonSerializer.Deserialize<List<SweepStall>>(json, StallJson);

    private static readonly JsonSerializerOptions StallJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private void Beat()
    {
        lock (_gate)
        {
            if (_disposed) return;
            try
            {
                using var connection = Connect();
                Upsert(connection);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                Log.Warning("coordinator heartbeat of {Node} not written: {Error}", _row.Node, e.Message);
            }
            _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops beating and deletes the row, so the node is gone at once rather than after it goes stale.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _timer.Dispose();
        }
        try
        {
            using var connection = Connect();
            using var delete = new NpgsqlCommand($"DELETE FROM {Table} WHERE node = @node", connection);
            delete.Parameters.AddWithValue("node", _row.Node);
            delete.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            Log.Warning("coordinator heartbeat row of {Node} not deleted (it goes stale): {Error}", _row.Node, e.Message);
        }
    }
}
