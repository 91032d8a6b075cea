using CoToSweep.Actors.Persistence;
using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Tests.Persistence;

/// <summary>
/// <see cref="WalCheckpointer"/>: a writer whose own checkpoints are off keeps a short log while the checkpoint thread
/// runs (and a long one without it), and the log's length past the bound marks the checkpointer overdue.
/// </summary>
public sealed class WalCheckpointerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("wal-checkpointer-");

    public void Dispose() => _dir.Delete(recursive: true);

    private (string Path, Func<SqliteConnection> Open) Database(string name)
    {
        var state = System.IO.Path.Combine(_dir.FullName, name);
        StateDirectory.Prepare(state);
        var path = StateDirectory.JournalPath(state);
        return (path, () =>
        {
            var c = new SqliteConnection($"Data Source={path};Pooling=false");
            c.Open();
            return c;
        });
    }

    private static SqliteConnection Writer(Func<SqliteConnection> open)
    {
        var writer = open();
        WalCheckpointer.DisableOn(writer);
        using var create = writer.CreateCommand();
        create.CommandText = "CREATE TABLE rows (id INTEGER PRIMARY KEY, payload BLOB)";
        create.ExecuteNonQuery();
        return writer;
    }

    /// <summary>One row of 300 bytes per commit, as a journal write of a trial's events is.</summary>
    private static void Commit(SqliteConnection writer, int id)
    {
        using var insert = writer.CreateCommand();
        insert.CommandText = "INSERT INTO rows VALUES ($id, $payload)";
        insert.Parameters.AddWithValue("$id", id);
        insert.Parameters.AddWithValue("$payload", new byte[300]);
        insert.ExecuteNonQuery();
    }

    private static long LogBytes(string path) => new FileInfo(path + "-wal").Length;

    [Fact]
    public void The_log_stays_short_with_the_checkpoint_thread_and_grows_without_it()
    {
        const int rounds = 12, perRound = 200;
        var (checkedPath, openChecked) = Database("checked");
        using (var writer = Writer(openChecked))
        using (var checkpointer = new WalCheckpointer(openChecked, everyCommits: perRound))
        {
            for (var round = 1; round <= rounds; round++)
            {
                for (var i = 0; i < perRound; i++)
                {
                    Commit(writer, round * perRound + i);
                    checkpointer.Committed();
                }
                // The thread's own pace is not the point here: each round waits for its checkpoint.
                Assert.True(SpinWait.SpinUntil(() => checkpointer.Checkpoints >= round, TimeSpan.FromSeconds(30)), $"no checkpoint after round {round}");
            }
            Assert.True(LogBytes(checkedPath) < 2 * perRound * 4096 + 64 * 1024, $"log {LogBytes(checkedPath)} bytes with checkpoints every {perRound} commits");
        }

        var (uncheckedPath, openUnchecked) = Database("unchecked");
        using (var writer = Writer(openUnchecked))
        {
            for (var i = 0; i < rounds * perRound; i++) Commit(writer, i);
            // Measured while open: closing the last connection checkpoints and removes the log.
            Assert.True(LogBytes(uncheckedPath) >= rounds * perRound * 4096L, $"log {LogBytes(uncheckedPath)} bytes with no checkpoint at all");
        }
    }

    [Fact]
    public void A_log_longer_than_the_bound_makes_it_overdue_until_a_checkpoint_finds_it_started_over()
    {
        var (_, open) = Database("overdue");
        using var writer = Writer(open);
        using var checkpointer = new WalCheckpointer(open, everyCommits: int.MaxValue, maxFrames: 50);
        for (var i = 0; i < 100; i++) Commit(writer, i);
        Assert.False(checkpointer.Overdue);   // nothing measured yet
        Assert.True(checkpointer.CheckpointOn(writer) >= 100);
        Assert.True(checkpointer.Overdue);
        Commit(writer, 100);   // the first commit after a complete checkpoint starts the log over
        Assert.True(checkpointer.CheckpointOn(writer) < 50);
        Assert.False(checkpointer.Overdue);
    }
}
