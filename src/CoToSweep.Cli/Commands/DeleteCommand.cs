using System.ComponentModel;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Sweeps;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Removes a sweep that nothing runs: its journal rows (<see cref="SweepDeletion"/>) and its artifact directory, after
/// a confirmation on the terminal (<c>--yes</c> for scripts). A running sweep, or a state dir a coordinator holds, is
/// refused; the lock is held while deleting, so no run starts meanwhile.
/// </summary>
public sealed class DeleteCommand : Command<DeleteCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<SWEEP_ID>")]
        [Description("The sweep (full id, a unique prefix or the name).")]
        public string SweepId { get; init; } = "";

        [CommandOption("--state <DIR>")]
        [Description("State directory (default ./.cotosweep). $COTOSWEEP_STATE")]
        public string? State { get; init; }

        [CommandOption("--yes")]
        [Description("Delete without asking (needed when stdin is not a terminal).")]
        public bool Yes { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var stateDir = Path.GetFullPath(EnvironmentVariables.State.Or(settings.State) ?? StateDirectory.Default);
        var journal = StateDirectory.JournalPath(stateDir);
        if (!File.Exists(journal)) throw new UserError($"--state {settings.State ?? StateDirectory.Default}: no such state directory ({stateDir})");
        var catalog = new SweepCatalog(new SqliteJournalReader(journal));
        var id = catalog.Resolve(settings.SweepId) ?? throw new UserError($"no sweep '{settings.SweepId}' in {stateDir}");
        if (CoordinatorLock.LiveHolder(stateDir) is { } holder) throw new UserError(Refusal(id, holder));
        var state = catalog.Load(id);
        var artifacts = Path.Combine(StateDirectory.ArtifactRoot(stateDir), id);
        if (!settings.Yes && !Confirmed(id, state, artifacts)) return ExitCodes.Failed;

        using var held = CoordinatorLock.TryAcquire(stateDir, [id], out var other) ?? throw new UserError(Refusal(id, other));
        var rows = SweepDeletion.Delete(journal, id);
        if (Directory.Exists(artifacts)) Directory.Delete(artifacts, recursive: true);
        Console.Out.WriteLine($"sweep {id} deleted: {rows} journal rows" + (state is null ? "" : $", {state.Trials.Count} trials") + $" and {artifacts}");
        return ExitCodes.Done;
    }

    private static string Refusal(string id, LockHolder? holder) =>
        holder is not null && (holder.Sweeps.Contains(id) || holder.Sweeps.Contains("*"))
            ? $"sweep {id} is running (pid {holder.Pid} on {holder.Host}); cancel it first: cotosweep cancel {id}"
            : $"the state dir is in use by a running coordinator (pid {holder?.Pid}, sweep {string.Join(", ", holder?.Sweeps ?? [])}); delete {id} once it ends";

    /// <summary>Asks on the terminal; on a pipe (a script) there is nobody to ask, so it refuses instead of guessing.</summary>
    private static bool Confirmed(string id, SweepState? state, string artifacts)
    {
        if (Console.IsInputRedirected) throw new UserError($"delete asks for confirmation and stdin is not a terminal; pass --yes to delete {id} without asking");
        var what = state is null ? "" : $" ({state.Phase.ToString().ToLowerInvariant()}, {state.Trials.Count} trials, {state.Count(TrialStatus.Completed)} completed)";
        Console.Out.Write($"Delete sweep {id}{what}: its journal rows and {artifacts}? [y/N] ");
        var answer = Console.In.ReadLine()?.Trim().ToLowerInvariant();
        if (answer is "y" or "yes") return true;
        Console.Out.WriteLine("nothing deleted");
        return false;
    }
}
