using Microsoft.Data.Sqlite;

namespace CoToSweep.Actors.Persistence;

/// <summary>The layout of a state directory (<c>./.cotosweep</c> by default).</summary>
public static class StateDirectory
{
    public const string Default = ".cotosweep";

    public static string JournalPath(string stateDir) => Path.Combine(stateDir, "journal.db");
    public static string LockPath(string stateDir) => Path.Combine(stateDir, "coordinator.lock");
    public static string LogDirectory(string stateDir) => Path.Combine(stateDir, "logs");
    public static string ArtifactRoot(string stateDir) => Path.Combine(stateDir, "artifacts");
    public static string ModelCache(string stateDir) => Path.Combine(stateDir, "models");

    /// <summary>
    /// Creates the directory and the SQLite journal file in WAL mode (WAL is a property of the file, so it is set
    /// once here; the plugin then opens it as it is). Called only after all input has been validated.
    /// </summary>
    public static void Prepare(string stateDir)
    {
        Directory.CreateDirectory(stateDir);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = JournalPath(stateDir) }.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL;";
        pragma.ExecuteNonQuery();
    }
}
