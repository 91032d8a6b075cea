using System.ComponentModel;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Protocol;
using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Sweeps;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Ends a running (or interrupted) sweep for good, journaled as <c>SweepCancelled</c>: its running trials are stopped,
/// nothing more is leased, and neither resume nor a rerun of its file runs it again. Three ways to the coordinator:
/// <c>--coordinator</c> asks a cluster's coordinator node (like <c>submit</c>); a state dir held by a run in another
/// process gets a request file that run picks up (<see cref="CancelRequests"/>), and this waits for the journal to
/// show it; a state dir nobody holds is locked and the cancellation journaled from here.
/// </summary>
public sealed class CancelCommand : AsyncCommand<CancelCommand.Settings>
{
    public sealed class Settings : SweepControlSettings;

    private const string Reason = "cancelled with `cotosweep cancel`";

    /// <summary>How long a run holding the state dir has to journal the request, and then to stop its trials and exit.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.State is null && EnvironmentVariables.Coordinator.Or(settings.Coordinator) is { } coordinator)
            return Answer(await ClusterClient.AskAsync(settings, coordinator, Command(settings.SweepId)), $"the coordinator at {coordinator}");

        var stateDir = Path.GetFullPath(EnvironmentVariables.State.Or(settings.State) ?? StateDirectory.Default);
        if (!File.Exists(StateDirectory.JournalPath(stateDir)))
            throw new UserError($"--state {settings.State ?? StateDirectory.Default}: no such state directory ({stateDir})");
        var catalog = new SweepCatalog(new SqliteJournalReader(StateDirectory.JournalPath(stateDir)));
        var id = catalog.Resolve(settings.SweepId) ?? throw new UserError($"no sweep '{settings.SweepId}' in {stateDir}");
        var state = catalog.Load(id) ?? throw new UserError($"sweep {id} has no events yet");
        if (state.IsFinished) throw new UserError(AlreadyFinished(id, state.Phase.ToString().ToLowerInvariant()));

        if (CoordinatorLock.LiveHolder(stateDir) is { } holder)
        {
            if (holder.Sweeps.Contains("*"))
                throw new UserError($"{stateDir} is served by a cluster coordinator (pid {holder.Pid} on {holder.Host}); " +
                                    $"cancel through it: cotosweep cancel {id} --coordinator HOST:PORT");
            if (await CancelInRunAsync(stateDir, catalog, id, holder))
            {
                Console.Out.WriteLine($"sweep {id} cancelled" + (holder.Sweeps.Contains(id)
                    ? $": {state.Count(TrialStatus.Running)} running trial(s) stopped by the run in pid {holder.Pid}, which has ended"
                    : $" by the run in pid {holder.Pid} (it was not running: nothing to stop)"));
                return ExitCodes.Done;
            }
        }
        // Nobody runs it (interrupted): journal the cancellation here, holding the lock so no run starts meanwhile.
        using var held = CoordinatorLock.TryAcquire(stateDir, [id], out var other)
                         ?? throw new UserError(EmbeddedSweep.AlreadyRunning(other, id, stateDir) + "; try again");
        Logging.Configure(stateDir, Serilog.Events.LogEventLevel.Error);   // its own one line says what happened
        try
        {
            return Answer(await JournalHost.SendAsync(JournalSettings.ForStateDirectory(stateDir), id, Command(id).Command, Interrupts.Token), stateDir,
                " (it was not running: nothing to stop)");
        }
        finally { await Serilog.Log.CloseAndFlushAsync(); }
    }

    private static WorkProtocol.ForSweep Command(string id) => new(id, new SweepCommands.CancelSweep(Reason, DateTimeOffset.UtcNow));

    /// <summary>
    /// Leaves a request for the run holding the state dir and waits until the journal shows the sweep cancelled and (when
    /// it was that run's own sweep) the run has stopped its trials and ended. False when the run ended without taking it.
    /// </summary>
    private static async Task<bool> CancelInRunAsync(string stateDir, SweepCatalog catalog, string id, LockHolder holder)
    {
        CancelRequests.Write(stateDir, id, Reason);
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (catalog.Load(id)?.Phase != SweepPhase.Cancelled)
        {
            if (catalog.Load(id)?.IsFinished == true) throw new UserError(AlreadyFinished(id, catalog.Load(id)!.Phase.ToString().ToLowerInvariant()));
            if (CoordinatorLock.LiveHolder(stateDir) is null && CancelRequests.IsPending(stateDir, id)) return false;
            if (DateTimeOffset.UtcNow > deadline)
                throw new UserError($"the run in pid {holder.Pid} did not take the cancellation within {Patience.TotalSeconds:F0} s " +
                                    $"(the request stays in {CancelRequests.DirectoryOf(stateDir)})", ExitCodes.Failed);
            await Task.Delay(TimeSpan.FromMilliseconds(200), Interrupts.Token);
        }
        // The run of this sweep ends once it sees the cancellation; its trials are stopped before it lets go of the lock.
        while (holder.Sweeps.Contains(id) && CoordinatorLock.LiveHolder(stateDir) is { } still && still.Pid == holder.Pid && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(200), Interrupts.Token);
        return true;
    }

    private static string AlreadyFinished(string id, string phase) => $"sweep {id} is already {phase}; nothing to cancel";

    /// <summary>The coordinator's answer as one line: exit 0 when this cancelled the sweep, 2 when it had already ended.</summary>
    private static int Answer(object answer, string where, string note = "")
    {
        switch (answer)
        {
            case SweepCoordinator.CancelAnswered { Cancelled: true } a:
                Console.Out.WriteLine($"sweep {a.SweepId} cancelled" + (note != "" ? note : $": {a.Stopped} running trial(s) and analysis unit(s) told to stop"));
                return ExitCodes.Done;
            case SweepCoordinator.CancelAnswered a:
                throw new UserError(AlreadyFinished(a.SweepId, a.Phase));
            case SweepQueries.UnknownSweep u:
                throw new UserError($"no sweep '{u.SweepId}' at {where}");
            default:
                throw new InvalidOperationException($"unexpected answer {answer.GetType().Name}");
        }
    }
}
