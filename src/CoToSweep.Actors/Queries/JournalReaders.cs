using CoToSweep.Actors.Persistence;

namespace CoToSweep.Actors.Queries;

public static class JournalReaders
{
    /// <summary>
    /// The reader for a journal. A PostgreSQL reader is probed once, so that an unreachable server shows up here as a
    /// <see cref="JournalUnavailableException"/> with a one-line message.
    /// </summary>
    public static IJournalReader Open(JournalSettings journal)
    {
        if (journal.IsPostgres)
        {
            var reader = new PostgresJournalReader(journal);
            reader.Probe();
            return reader;
        }
        if (journal.IsSqlite) return new SqliteJournalReader(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(journal.ConnectionString).DataSource);
        throw new ArgumentException($"journal provider {journal.Provider} cannot be read outside an actor system");
    }
}
