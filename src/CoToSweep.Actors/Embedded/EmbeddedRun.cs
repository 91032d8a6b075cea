using Akka.Actor;
using Akka.Hosting;
using CoToSweep.Actors.Cluster;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Hosting;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Protocol;
using CoToSweep.Actors.Runners;
using CoToSweep.Actors.Workers;
using CoToSweep.Domain.Sweeps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoToSweep.Actors.Embedded;

/// <param name="GiveUpAfter">How long the journal may stay unwritable before the run ends with <see cref="JournalUnwritableException"/>.</param>
public sealed record EmbeddedRunSettings(JournalSettings Journal, string ArtifactRoot, int Workers)
{
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(6);

    public CoordinatorSettings Coordinator { get; init; } = CoordinatorSettings.Embedded;

    /// <summary>Debug-level log events (a line per trial started and finished), for <c>--verbose</c>.</summary>
    public bool DebugLog { get; init; }

    /// <summary>Where <see cref="CancelRequests"/> from other processes are picked up (null: none are).</summary>
    public string? RequestDirectory { get; init; }

    public static EmbeddedRunSettings ForStateDirectory(string stateDir, int workers) =>
        new(JournalSettings.ForStateDirectory(stateDir), StateDirectory.ArtifactRoot(stateDir), workers)
        {
            RequestDirectory = CancelRequests.DirectoryOf(stateDir),
        };
}

/// <summary>
/// One sweep in one process: the coordinator (sweep manager, registry, persistent sweep coordinator) and <c>Workers</c> local slots, on an
/// in-process actor system. Submitting a sweep that is already journaled resumes it.
/// </summary>
public sealed class EmbeddedRun : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IActorRef _manager;
    private readonly string _sweepId;
    private readonly IReadOnlyList<IActorRef> _slots;
    private readonly Task _gaveUp;

    private readonly string? _requests;

    private EmbeddedRun(IHost host, IActorRef manager, string sweepId, IReadOnlyList<IActorRef> slots, Task gaveUp, string? requests)
    {
        _requests = requests;
        _gaveUp = gaveUp;
        _host = host;
        _manager = manager;
        _sweepId = sweepId;
        _slots = slots;
    }

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    /// <summary>Starts with <c>settings.Workers</c> CPU slots sharing <paramref name="runners"/>.</summary>
    public static Task<EmbeddedRun> StartAsync(
        SweepDefinition definition, EmbeddedRunSettings settings, IReadOnlyList<ITrialRunner> runners, CancellationToken cancellationToken) =>
        StartAsync(definition, settings, Enumerable.Range(0, settings.Workers).Select(i => new SlotSpec($"slot-{i}", 0, runners)).ToList(),
            cancellationToken);

    /// <summary>Starts with the given slots (GPU slots carry their own runners, e.g. with CUDA_VISIBLE_DEVICES).</summary>
    public static async Task<EmbeddedRun> StartAsync(
        SweepDefinition definition, EmbeddedRunSettings settings, IReadOnlyList<SlotSpec> slotSpecs, CancellationToken cancellationToken)
    {
        var host = await JournalHost.StartAsync(settings.Journal, cancellationToken, settings.DebugLog);
        var system = host.Services.GetRequiredService<ActorSystem>();
        try
        {
            var timeout = TimeSpan.FromSeconds(60);
            var gaveUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(JournalGiveUp.Props(definition.Id, settings.Journal, settings.GiveUpAfter, gaveUp), "journal-give-up");
            var manager = system.ActorOf(SweepManager.Props(settings.Coordinator), "coordinator");
            var accepted = manager.Ask<SweepCoordinator.SweepAccepted>(
                new SweepCommands.SubmitSweep(definition, DateTimeOffset.UtcNow), timeout, cancellationToken);
            await Task.WhenAny(accepted, gaveUp.Task);
            if (gaveUp.Task.IsFaulted) await gaveUp.Task;
            await accepted;
            var slots = slotSpecs
                .Select(slot => system.ActorOf(
                    WorkerSlot.Props(manager, slot.Runners, WorkerSlotSettings.Local($"{Environment.MachineName}/{slot.Name}", settings.ArtifactRoot, slot.Gpus)),
                    slot.Name))
                .ToList();
            return new EmbeddedRun(host, manager, definition.Id, slots, gaveUp.Task, settings.RequestDirectory);
        }
        catch
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
            throw;
        }
    }

    /// <summary>The coordinator's state once journaled; throws <see cref="JournalUnwritableException"/> once the run has given up.</summary>
    public async Task<SweepState> StateAsync(CancellationToken cancellationToken = default)
    {
        var state = _manager.Ask<SweepState>(new SweepQueries.GetState(_sweepId), TimeSpan.FromSeconds(30), cancellationToken);
        await Task.WhenAny(state, _gaveUp);
        if (_gaveUp.IsFaulted) await _gaveUp;
        return await state;
    }

    /// <summary>
    /// Polls the coordinator until the sweep is finished, showing each state to <paramref name="onProgress"/>; throws
    /// <see cref="JournalUnwritableException"/> when the journal stays unwritable.
    /// </summary>
    public async Task<SweepState> WaitAsync(Action<SweepState> onProgress, TimeSpan poll, CancellationToken cancellationToken)
    {
        while (true)
        {
            await TakeRequestsAsync(cancellationToken);
            var state = await StateAsync(cancellationToken);
            onProgress(state);
            if (state.IsFinished) return state;
            await Task.Delay(poll, cancellationToken);
        }
    }

    /// <summary>Cancels a sweep of this state dir (this run's or another journaled one): the coordinator's answer once journaled.</summary>
    public Task<object> CancelAsync(string sweepId, string reason, CancellationToken cancellationToken = default) =>
        _manager.Ask<object>(new WorkProtocol.ForSweep(sweepId, new SweepCommands.CancelSweep(reason, DateTimeOffset.UtcNow)),
            TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Journals the cancel requests other processes left in the state dir, then removes them.</summary>
    private async Task TakeRequestsAsync(CancellationToken cancellationToken)
    {
        if (_requests is null) return;
        foreach (var request in CancelRequests.Pending(_requests))
        {
            await CancelAsync(request.SweepId, request.Reason, cancellationToken);
            CancelRequests.Done(_requests, request.SweepId);
        }
    }

    /// <summary>Stops the slots first (their running trials are cancelled and their processes killed), then the system.</summary>
    public async ValueTask DisposeAsync()
    {
        var stopped = _slots.Select(s => s.GracefulStop(TimeSpan.FromSeconds(10)));
        try { await Task.WhenAll(stopped); }
        catch (TaskCanceledException) { }
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
