using Akka.Persistence.Sql.Config;
using LinqToDB;

namespace CoToSweep.Actors.Persistence;

/// <summary>
/// How hard each SQLite commit is pushed to disk. In WAL mode, <c>synchronous=NORMAL</c> keeps every committed
/// transaction through a crash or kill -9 of the process (the WAL is in the OS's hands the moment the commit
/// returns); only an OS crash or power cut can lose the last commits. <c>FULL</c> fsyncs every commit and costs
/// several times the throughput (see <c>cotosweep bench dispatch</c>).
/// </summary>
public enum SqliteSync { Normal, Full }

public static class SqliteDurability
{
    /// <summary>Connection options for Akka.Persistence.Sql that set the sync level on every connection it opens.</summary>
    public static MultiDataOptionsSetup Setup(JournalSettings journal, SqliteSync sync)
    {
        var pragma = $"PRAGMA synchronous={(sync == SqliteSync.Full ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=10000;";
        var options = new DataOptions()
            .UseConnectionString(journal.Provider, journal.ConnectionString)
            .UseAfterConnectionOpened(
                connection =>
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = pragma;
                    command.ExecuteNonQuery();
                },
                async (connection, cancellationToken) =>
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = pragma;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                });
        var setup = new MultiDataOptionsSetup();
        setup.AddDataOptions("akka.persistence.journal.sql", options);
        setup.AddDataOptions("akka.persistence.snapshot-store.sql", options);
        return setup;
    }
}
