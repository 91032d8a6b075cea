using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Persistence;

/// <summary>
/// Copies the write-ahead log back into the database file on a thread of its own, so that the journal's writer never
/// does it. SQLite's automatic checkpoint runs inside the commit that crosses 1,000 log pages: with
/// <c>synchronous=NORMAL</c> it syncs the file to disk there, and every slot waiting for that write (its result
/// acknowledged, its next trial leased) waited too. Measured on <c>bench utilization</c>, those commits took 3–13 ms
/// about every half second, the longest journal waits of the run. The writer turns its own checkpoints off
/// (<see cref="DisableOn"/>) and calls <see cref="Committed"/> after each commit; every <c>everyCommits</c> commits
/// this thread runs a passive checkpoint on its own connection (it never blocks the writer or readers). A checkpoint
/// overtaken by new commits leaves the log longer; when the log has grown past <c>maxFrames</c> pages anyway, the
/// writer is told (<see cref="Overdue"/>) to checkpoint in its own commit once, as SQLite would have.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private readonly Func<SqliteConnection> _open;
    private readonly int _everyCommits;
    private readonly int _maxFrames;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int _commits;
    private volatile int _frames;
    private int _checkpoints;

    /// <param name="open">Opens a connection to the database (the checkpointer keeps one open while it runs).</param>
    public WalCheckpointer(Func<SqliteConnection> open, int everyCommits = 200, int maxFrames = 16_000)
    {
        _open = open;
        _everyCommits = everyCommits;
        _maxFrames = maxFrames;
        _thread = new Thread(Run) { IsBackground = true, Name = "cotosweep wal checkpoint" };
        _thread.Start();
    }

    /// <summary>Turns off SQLite's checkpoint-on-commit for one connection (the writer's).</summary>
    public static void DisableOn(SqliteConnection connection)
    {
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA wal_autocheckpoint=0;";
        pragma.ExecuteNonQuery();
    }

    /// <summary>
    /// The log's length in pages at the last checkpoint. SQLite starts the log over at the first commit after a
    /// checkpoint that copied all of it; one overtaken by commits leaves it to grow.
    /// </summary>
    public int LogFrames => _frames;

    /// <summary>Checkpoints this thread has run (what a test waits for).</summary>
    public int Checkpoints => Volatile.Read(ref _checkpoints);

    /// <summary>True when the log is past its bound: the writer should checkpoint itself (<see cref="CheckpointOn"/>).</summary>
    public bool Overdue => _frames > _maxFrames;

    /// <summary>One commit of the writer's; every so many wake the checkpoint thread.</summary>
    public void Committed()
    {
        if (++_commits < _everyCommits) return;
        _commits = 0;
        _wake.Release();
    }

    /// <summary>A passive checkpoint on <paramref name="connection"/>; returns the log's length in pages.</summary>
    public int CheckpointOn(SqliteConnection connection)
    {
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var result = checkpoint.ExecuteReader();
        // One row: busy (0/1), pages in the log, pages copied (-1, -1 when the database is not in WAL mode).
        var frames = result.Read() ? Math.Max(0, result.GetInt32(1)) : 0;
        _frames = frames;
        return frames;
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                _wake.Wait(_stop.Token);
                try
                {
                    connection ??= _open();
                    CheckpointOn(connection);
                    Interlocked.Increment(ref _checkpoints);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Disk full or I/O error: the writer's next commit fails and reports it; the next wake-up tries again.
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            connection?.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        _wake.Dispose();
    }
}
