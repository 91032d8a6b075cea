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
/// Pauses a running sweep, journaled as <c>SweepPaused</c>: nothing more is leased until <c>cotosweep resume</c> (or
/// the HTTP API's resume); its running trials finish normally. <c>--coordinator</c> asks a cluster's coordinator node;
/// a state dir nobody holds is locked and the pause journaled from here (a later <c>run</c> of the file stays paused).
/// A state dir held by a run in another process is paused through that run's HTTP API (<c>run --http</c>).
/// </summary>
public sealed class PauseCommand : AsyncCommand<PauseCommand.Settings>
{
    public sealed class Settings : SweepControlSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var command = new SweepCommands.PauseSweep("paused with `cotosweep pause`", DateTimeOffset.UtcNow);
        if (settings.State is null && EnvironmentVariables.Coordinator.Or(settings.Coordinator) is { } coordinator)
            return Answer(await ClusterClient.AskAsync(settings, coordinator, new WorkProtocol.ForSweep(settings.SweepId, command)), $"the coordinator at {coordinator}");
        var stateDir = Path.GetFullPath(EnvironmentVariables.State.Or(settings.State) ?? StateDirectory.Default);
        var id = UnheldSweep(stateDir, settings.SweepId, "pause");
        return Answer(await SendUnheldAsync(stateDir, id, command), stateDir);
    }

    /// <summary>
    /// The id of a journaled, unfinished sweep of a state dir no coordinator holds (pause and resume journal it from
    /// here then); a held one is refused with where to turn instead.
    /// </summary>
    public static string UnheldSweep(string stateDir, string idOrPrefix, string verb)
    {
        if (!File.Exists(StateDirectory.JournalPath(stateDir))) throw new UserError($"no such state directory ({stateDir})");
        var catalog = new SweepCatalog(new SqliteJournalReader(StateDirectory.JournalPath(stateDir)));
        var id = catalog.Resolve(idOrPrefix) ?? throw new UserError($"no sweep '{idOrPrefix}' in {stateDir}");
        var state = catalog.Load(id) ?? throw new UserError($"sweep {id} has no events yet");
        if (state.IsFinished) throw new UserError($"sweep {id} is already {state.Phase.ToString().ToLowerInvariant()}; nothing to {verb}");
        if (CoordinatorLock.LiveHolder(stateDir) is { } holder)
            throw new UserError($"{stateDir} is held by pid {holder.Pid} on {holder.Host}: {verb} through its HTTP API " +
                                $"(POST /api/sweeps/{id}/{verb}; start runs with --http) or, on a cluster, with --coordinator HOST:PORT");
        return id;
    }

    /// <summary>Journals <paramref name="command"/> from this process, holding the lock so no run starts meanwhile.</summary>
    public static async Task<object> SendUnheldAsync(string stateDir, string id, ISweepCommand command)
    {
        using var held = CoordinatorLock.TryAcquire(stateDir, [id], out var other)
                         ?? throw new UserError(EmbeddedSweep.AlreadyRunning(other, id, stateDir) + "; try again");
        Logging.Configure(stateDir, Serilog.Events.LogEventLevel.Error);
        // The recovering coordinator re-queues what was running: Akka's fallback console logger may print that before
        // its loggers run. The verb's own line is its only output (it goes to the log file too).
        var (stdout, stderr) = (Console.Out, Console.Error);
        if (!Logging.Verbose)
        {
            Console.SetOut(TextWriter.Null);
            Console.SetError(TextWriter.Null);
        }
        try { return await JournalHost.SendAsync(JournalSettings.ForStateDirectory(stateDir), id, command, Interrupts.Token); }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            await Serilog.Log.CloseAndFlushAsync();
        }
    }

    private static int Answer(object answer, string where)
    {
        switch (answer)
        {
            case SweepCoordinator.PauseAnswered { Changed: true } a:
                Console.Out.WriteLine($"sweep {a.SweepId} paused: nothing more is leased; its running trials finish; `cotosweep resume {a.SweepId}` continues it");
                return ExitCodes.Done;
            case SweepCoordinator.PauseAnswered a:
                throw new UserError(a.Phase != "running" ? $"sweep {a.SweepId} is already {a.Phase}" : $"sweep {a.SweepId} is already paused");
            case SweepQueries.UnknownSweep u:
                throw new UserError($"no sweep '{u.SweepId}' at {where}");
            default:
                throw new InvalidOperationException($"unexpected answer {answer.GetType().Name}");
        }
    }
}
