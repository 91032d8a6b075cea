using System.ComponentModel;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>Verbs that read sweeps: from a state directory or straight from a journal.</summary>
public class StateSettings : GlobalSettings
{
    [CommandOption("--state <DIR>")]
    [Description("State directory (default ./.cotosweep).")]
    public string? State { get; init; }

    [CommandOption("--journal <CONNECTION>")]
    [Description("Journal to read instead of a state directory: a SQLite file path or 'Data Source=…'.")]
    public string? Journal { get; init; }

    public string StateDir => Path.GetFullPath(State ?? StateDirectory.Default);

    public override Spectre.Console.ValidationResult Validate() =>
        State is not null && Journal is not null
            ? Spectre.Console.ValidationResult.Error("give --state or --journal, not both")
            : base.Validate();

    /// <summary>A reader over the journal; never creates anything.</summary>
    public SweepCatalog OpenCatalog()
    {
        if (Journal is null) return new SweepCatalog(new SqliteJournalReader(StateDirectory.JournalPath(StateDir)));
        var path = Journal.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Journal).DataSource
            : Journal;
        if (!File.Exists(path)) throw new UserError($"--journal {Journal}: no such SQLite journal file");
        return new SweepCatalog(new SqliteJournalReader(path));
    }

    /// <summary>A live coordinator on this state dir, if any (a journal given directly has no lock to look at).</summary>
    public LockHolder? LiveCoordinator() => Journal is null ? CoordinatorLock.LiveHolder(StateDir) : null;
}
