using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;

namespace CoToSweep.Actors.Coordinator;

/// <summary>
/// The persistent coordinator of one sweep (<c>sweep-&lt;id&gt;</c>): a thin shell around <see cref="SweepState"/>.
/// Writes are batched with PersistAllAsync so that many slots' results share one journal round trip. To keep
/// decisions consistent while a batch is in flight, the state is advanced as soon as events are decided, but
/// nothing leaves the actor (lease, acknowledgement, notification) until those events are journaled: if a write
/// fails the actor restarts and recovers from the journal, and nobody was told anything that was lost.
/// </summary>
public sealed class SweepCoordinator : ReceivePersistentActor
{
    private readonly string _sweepId;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<IActorRef> _idle = [];
    private SweepState _state;

    public SweepCoordinator(string sweepId)
    {
        _sweepId = sweepId;
        _state = SweepState.Empty(sweepId);

        Recover<ISweepEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Self.Tell(new ResumeSweep(DateTimeOffset.UtcNow)));

        Command<SubmitSweep>(c => Decide(c, Reply(Sender, _ => new SweepAccepted(_sweepId))));
        Command<ResumeSweep>(c => Decide(c, _ => NotifyIdle()));
        Command<WorkProtocol.RequestWork>(Lease);
        Command<ReportProgress>(c => Decide(c, _ => { }));
        Command<CompleteTrial>(c => Decide(c, Reply(Sender, _ => new WorkProtocol.ResultAcknowledged(c.TrialId, c.Attempt))));
        Command<FailTrial>(c => Decide(c, Reply(Sender, _ => new WorkProtocol.ResultAcknowledged(c.TrialId, c.Attempt)) + (events =>
        {
            if (events.Any(e => e is SweepEvents.TrialRequeued or SweepEvents.TrialFailed { Final: false })) NotifyIdle();
        })));
        Command<SweepQueries.GetState>(_ => Sender.Tell(_state));
    }

    public override string PersistenceId => PersistenceIdFor(_sweepId);

    public static string PersistenceIdFor(string sweepId) => "sweep-" + sweepId;

    public static Props Props(string sweepId) => Akka.Actor.Props.Create(() => new SweepCoordinator(sweepId));

    /// <summary>Acknowledgement of a submission: the sweep is journaled (or already was).</summary>
    public sealed record SweepAccepted(string SweepId) : Domain.ISweepMessage;

    private void Lease(WorkProtocol.RequestWork request)
    {
        var sender = Sender;
        Decide(new LeaseTrial(request.Worker, request.ArtifactRoot, DateTimeOffset.UtcNow),
            events => sender.Tell(new WorkProtocol.WorkLeased(AssignmentFor((SweepEvents.TrialStarted)events[0]))),
            () =>
            {
                var finished = _state.Phase is not SweepPhase.Running;
                if (!finished) _idle.Add(sender);
                sender.Tell(new WorkProtocol.NoWork(_sweepId, finished));
            });
    }

    private TrialAssignment AssignmentFor(SweepEvents.TrialStarted started)
    {
        var trial = _state.Trials[started.TrialId];
        var spec = _state.Spec!;
        return new TrialAssignment(_sweepId, trial.Id, started.Attempt, trial.Seed, trial.Params, spec.Trial, spec.Objective,
            spec.TimeoutSeconds, started.ArtifactDir, _state.BaseDirectory);
    }

    /// <summary>
    /// Decides, advances the state, journals, then runs <paramref name="then"/> (or <paramref name="otherwise"/> when
    /// nothing was decided, which defaults to <paramref name="then"/> with no events). Either runs only after every
    /// earlier write, so an acknowledgement never overtakes a pending write.
    /// </summary>
    private void Decide(ISweepCommand command, Action<IReadOnlyList<ISweepEvent>> then, Action? otherwise = null)
    {
        var events = _state.Process(command);
        if (events.Count == 0)
        {
            DeferAsync(events, _ => (otherwise ?? (() => then(events)))());
            return;
        }
        foreach (var e in events) _state = _state.Apply(e);
        var remaining = events.Count;
        PersistAllAsync(events, e =>
        {
            Log(e);
            if (--remaining == 0) then(events);
        });
    }

    private static Action<IReadOnlyList<ISweepEvent>> Reply(IActorRef to, Func<IReadOnlyList<ISweepEvent>, object> message) =>
        events => to.Tell(message(events));

    private void NotifyIdle()
    {
        var finished = _state.Phase is not SweepPhase.Running;
        foreach (var slot in _idle)
            slot.Tell(finished ? new WorkProtocol.NoWork(_sweepId, true) : new WorkProtocol.WorkAvailable(_sweepId));
        _idle.Clear();
    }

    private void Log(ISweepEvent e)
    {
        switch (e)
        {
            case SweepEvents.TrialStarted s:
                _log.Info("Sweep {SweepId} trial {TrialId} attempt {Attempt} started on {Worker}", _sweepId, s.TrialId, s.Attempt, s.Worker);
                break;
            case SweepEvents.TrialCompleted c:
                _log.Info("Sweep {SweepId} trial {TrialId} attempt {Attempt} completed: objective {Objective}", _sweepId, c.TrialId, c.Attempt, c.Objective);
                break;
            case SweepEvents.TrialFailed f:
                _log.Warning("Sweep {SweepId} trial {TrialId} attempt {Attempt} failed{Final}: {Reason}", _sweepId, f.TrialId, f.Attempt, f.Final ? " for good" : " (will retry)", f.Reason);
                break;
            case SweepEvents.TrialRequeued r:
                _log.Warning("Sweep {SweepId} trial {TrialId} attempt {Attempt} re-queued: {Reason}", _sweepId, r.TrialId, r.Attempt, r.Reason);
                break;
            case SweepEvents.SweepCompleted c:
                _log.Info("Sweep {SweepId} finished: {Outcome}", _sweepId, c.Succeeded ? "completed" : "failed");
                NotifyIdle();
                break;
        }
    }
}
