using System.ComponentModel;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>Verbs that read sweeps: from a state directory or straight from a journal.</summary>
public class StateSettings : GlobalSettings
{
    private readonly string? _state, _journal;

    /// <summary>The flag, else (when neither flag is given) $COTOSWEEP_STATE unless $COTOSWEEP_JOURNAL is set.</summary>
    [CommandOption("--state <DIR>")]
    [Description("State directory (default ./.cotosweep). $COTOSWEEP_STATE")]
    public string? State
    {
        get => _state ?? (_journal is null && EnvironmentVariables.Journal.Value is null ? EnvironmentVariables.State.Value : null);
        init => _state = value;
    }

    /// <summary>The flag, else (when neither flag is given) $COTOSWEEP_JOURNAL.</summary>
    [CommandOption("--journal <CONNECTION>")]
    [Description("Journal to read instead of a state directory: a SQLite file ('Data Source=…' or a path) or PostgreSQL ('Host=…;Database=…' or postgres://…). $COTOSWEEP_JOURNAL")]
    public string? Journal
    {
        get => _journal ?? (_state is null ? EnvironmentVariables.Journal.Value : null);
        init => _journal = value;
    }

    public string StateDir => Path.GetFullPath(State ?? StateDirectory.Default);

    /// <summary>Where sweeps are read from, for messages: never shows a password.</summary>
    public string Source => Journal is null ? StateDir : Redact(Journal);

    private static string Redact(string connection) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(connection, @"(?i)(password|pwd)\s*=[^;]*", "$1=***"),
            @"(?i)^(postgres(?:ql)?://[^:/@]*):[^@]*@", "$1:***@");

    public override Spectre.Console.ValidationResult Validate() =>
        State is not null && Journal is not null
            ? Spectre.Console.ValidationResult.Error("give --state or --journal, not both")
            : base.Validate();

    /// <summary>Whether the state directory (or the SQLite journal given) exists: a verb that waits for it asks first.</summary>
    public bool Exists => Journal is null ? Directory.Exists(StateDir) : SqliteJournalFile() is not { } file || File.Exists(file);

    /// <summary>The SQLite file of <c>--journal</c>, or null for PostgreSQL (or no --journal).</summary>
    private string? SqliteJournalFile()
    {
        if (Journal is null) return null;
        try
        {
            var journal = JournalSettings.Parse(Journal);
            return journal.IsSqlite ? Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(journal.ConnectionString).DataSource) : null;
        }
        catch (ArgumentException e) { throw new UserError($"--journal: {e.Message}"); }
    }

    /// <summary>A reader over the journal (SQLite file or PostgreSQL); never creates anything. A missing state dir is bad input.</summary>
    public SweepCatalog OpenCatalog()
    {
        if (Journal is null && !Directory.Exists(StateDir))
            throw new UserError($"--state {State ?? StateDirectory.Default}: no such state directory ({StateDir})" +
                                (State is null ? "; give --state DIR, or run a sweep here first" : ""));
        if (Journal is null) return new SweepCatalog(new SqliteJournalReader(StateDirectory.JournalPath(StateDir)));
        JournalSettings journal;
        try { journal = JournalSettings.Parse(Journal); }
        catch (ArgumentException e) { throw new UserError($"--journal: {e.Message}"); }
        if (journal.IsSqlite && !File.Exists(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(journal.ConnectionString).DataSource))
            throw new UserError($"--journal {Journal}: no such SQLite journal file");
        try { return new SweepCatalog(JournalReaders.Open(journal)); }
        catch (JournalUnavailableException e) { throw new UserError($"--journal: {e.Message}", ExitCodes.Failed); }
    }

    /// <summary>
    /// A live coordinator: the holder of the state dir's lock; with a SQLite journal given directly, the holder of the
    /// lock of the directory it lies in (a state dir's <c>journal.db</c>: the same answer as <c>--state</c> on that
    /// directory); with a PostgreSQL journal, a coordinator whose heartbeat row is fresh (it serves all sweeps, <c>*</c>).
    /// </summary>
    public LockHolder? LiveCoordinator()
    {
        if (Journal is null) return CoordinatorLock.LiveHolder(StateDir);
        if (SqliteJournalFile() is { } file) return Path.GetDirectoryName(file) is { } dir ? CoordinatorLock.LiveHolder(dir) : null;
        var journal = JournalSettings.Parse(Journal);
        if (!journal.IsPostgres) return null;
        try
        {
            var nodes = CoordinatorHeartbeat.LiveNodes(journal, CoordinatorHeartbeat.DefaultStaleAfter);
            return nodes.Count == 0 ? null : nodes[0].ToLockHolder() with
            {
                Sweeps = nodes.SelectMany(n => n.Sweeps).Distinct().ToList(),
                Stalls = nodes.SelectMany(n => n.Stalls ?? []).ToList(),
            };
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            throw new UserError($"--journal: PostgreSQL: {e.Message.Split('\n')[0].Trim()}", ExitCodes.Failed);
        }
    }
}
