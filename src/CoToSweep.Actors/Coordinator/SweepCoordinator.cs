using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;

namespace CoToSweep.Actors.Coordinator;

/// <summary>
/// The persistent coordinator of one sweep (<c>sweep-&lt;id&gt;</c>): a thin shell around <see cref="SweepState"/>,
/// child of the <see cref="SweepManager"/>. Writes are batched with PersistAllAsync so that many slots' results share
/// one journal round trip. To keep decisions consistent while a batch is in flight, the state is advanced as soon as
/// events are decided, but nothing leaves the actor (lease, acknowledgement, notification) until those events are
/// journaled: if a write fails (or the journal rejects an event) the actor stops, its back-off supervisor (see
/// <see cref="SweepManager"/>) starts it again, it recovers from the journal, and nobody was told anything lost.
/// Each failure and each recovery is reported to the manager, which routes no lease requests here while the
/// coordinator is down. Leases are kept alive by slot heartbeats (in memory only: after a restart every running trial
/// starts a fresh lease period). Every timestamp comes from the <see cref="TimeProvider"/>.
/// </summary>
public sealed class SweepCoordinator : ReceivePersistentActor, IWithTimers
{
    private readonly string _sweepId;
    private readonly CoordinatorSettings _settings;
    private readonly IActorRef _manager;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _recoveredAt;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<ManagerProtocol.LeaseFor> _leasing = [];
    private bool _written;
    private bool _failed;
    private readonly Dictionary<string, DateTimeOffset> _lastHeard = [];
    private DateTimeOffset _lastProgressLine = DateTimeOffset.MinValue;
    // Which slot runs each lease (from the lease, else its heartbeats after a restart): where StopTrial goes.
    private readonly Dictionary<string, IActorRef> _slotOf = [];
    private SweepState _state;
    // Events journaled since the last snapshot (or since recovery started from one).
    private long _sinceSnapshot;
    private long _newestSnapshot;
    private readonly OverviewSnapshots _overviews;

    public ITimerScheduler Timers { get; set; } = null!;

    public SweepCoordinator(string sweepId, CoordinatorSettings settings, IActorRef manager, TimeProvider time)
    {
        _sweepId = sweepId;
        _settings = settings;
        _manager = manager;
        _time = time;
        _recoveredAt = time.GetUtcNow();
        _state = SweepState.Empty(sweepId);
        _overviews = new OverviewSnapshots(sweepId, settings.OverviewEvery, Akka.Persistence.Persistence.Instance.Apply(Context.System).SnapshotStoreFor(null));

        Recover<SnapshotOffer>(o => _state = ((SweepSnapshot)o.Snapshot).State);
        Recover<ISweepEvent>(e =>
        {
            _state = _state.Apply(e);
            _sinceSnapshot++;
        });
        Recover<RecoveryCompleted>(_ => OnRecovered());

        // A submission of a sweep already journaled may bring a bigger budget (BudgetChanged): slots are woken either way.
        // A cancelled sweep, or a budget that shrinks, is refused with the reason (submit prints it, exit 2).
        Command<SubmitSweep>(c =>
        {
            if (SweepIdentity.Refusal(_state, c.Definition) is { } why) Sender.Tell(new SweepRefused(_sweepId, why));
            else Decide(c, Reply(Sender, _ => new SweepAccepted(_sweepId)), then: AnnounceWork);
        });
        Command<ResumeSweep>(c => Decide(c, _ => AnnounceWork()));
        Command<ManagerProtocol.LeaseFor>(Lease);
        // A report may stop its trial early (TrialStopped): the slot is told, and its place goes to the next trial.
        Command<ReportProgress>(c => Decide(c, StopStopped));
        Command<CompleteTrial>(Result);
        Command<FailTrial>(Result);
        Command<CompleteAnalysisUnit>(Result);
        Command<FailAnalysisUnit>(Result);
        // Both are decided in this one message, so Akka hands their events to the journal as one write.
        Command<ManagerProtocol.ResultThenLease>(r =>
        {
            Result(r.Result);
            Lease(r.Next);
        });
        Command<CancelSweep>(Cancel);
        Command<PauseSweep>(c => Decide(c, Reply(Sender, PauseAnswer)));
        // Unpausing offers the sweep's work to idle slots again.
        Command<UnpauseSweep>(c => Decide(c, Reply(Sender, PauseAnswer), then: AnnounceWork));
        Command<WorkProtocol.Heartbeat>(h =>
        {
            // A trial by its id at once (heartbeats are frequent, trials many); otherwise the few running analysis units.
            var running = _state.Trials.TryGetValue(h.TrialId, out var t)
                ? t is { Status: TrialStatus.Running } && t.Attempt == h.Attempt
                : UnitLeases().Any(l => l.Key == h.TrialId && l.Attempt == h.Attempt);
            if (running)
            {
                _lastHeard[h.TrialId] = _time.GetUtcNow();
                _slotOf[h.TrialId] = Sender;
            }
            // Work of an ended sweep, or an old attempt of a trial that has its outcome (stopped early, say), need not run
            // on: a StopTrial that was lost (or sent before a restart) is repeated here. A trial still open keeps its late attempts.
            else if (_state.IsFinished || t is { IsTerminal: true })
                Sender.Tell(new WorkProtocol.StopTrial(_sweepId, h.TrialId, h.Attempt, t is { IsTerminal: true, Reason: { } reason } ? reason : StopReason));
        });
        Command<ManagerProtocol.WorkerNodeLost>(lost =>
        {
            bool OnNode(string? worker) => worker?.StartsWith(lost.Address + "/", StringComparison.Ordinal) == true;
            Expire(l => OnNode(l.Worker), l => $"worker node {lost.Address} left the cluster while {l.Worker} ran it");
        });
        Command<CheckLeases>(_ =>
        {
            var now = _time.GetUtcNow();
            Expire(l => now - LastHeard(l) > _settings.LeaseTimeout,
                l => $"lease expired: no heartbeat from {l.Worker} for {(now - LastHeard(l)).TotalSeconds:F0}s");
        });
        Command<SaveSnapshotSuccess>(ok =>
        {
            if (_overviews.Owns(ok.Metadata))
            {
                _overviews.Saved(ok.Metadata, Self);
                return;
            }
            _log.Debug("Sweep {SweepId}: snapshot at event {SequenceNr}", _sweepId, ok.Metadata.SequenceNr);
            // Only the newest is ever read: the older ones would only fill the disk. A store may finish saves out of order
            // (Akka.Persistence.Sql's does), so each one deletes below the newest saved yet, not below itself: an older
            // save finishing after a newer one's deletion is deleted in turn.
            _newestSnapshot = Math.Max(_newestSnapshot, ok.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(_newestSnapshot - 1));
        });
        Command<SaveSnapshotFailure>(failed =>
            // Not a fault: every event is in the journal still; the next snapshot is tried after as many events again.
            _log.Warning("Sweep {SweepId}: snapshot at event {SequenceNr} failed: {Reason}", _sweepId, failed.Metadata.SequenceNr,
                JournalFault.Describe(failed.Cause)));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed =>
            _log.Warning("Sweep {SweepId}: older snapshots were not deleted: {Reason}", _sweepId, JournalFault.Describe(failed.Cause)));
        Command<SweepQueries.GetState>(_ =>
        {
            // The state may be ahead of the journal (see the class comment): answer once what it shows is journaled,
            // so that "completed" is never reported for events a crash could still lose.
            var sender = Sender;
            DeferAsync(_state, snapshot => sender.Tell(snapshot));
        });
    }

    public override string PersistenceId => PersistenceIdFor(_sweepId);

    public static string PersistenceIdFor(string sweepId) => "sweep-" + sweepId;

    /// <param name="manager">Where work announcements and journal faults go (the parent is the back-off supervisor).</param>
    public static Props Props(string sweepId, CoordinatorSettings settings, IActorRef manager, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(sweepId, settings, manager, time ?? TimeProvider.System));

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        Fault("journal write failed", cause, @event);

    /// <summary>
    /// The journal refused an event (the serializer or the database said no) that the state already applied: going on
    /// would acknowledge what is not journaled, so the coordinator stops and recovers from the journal instead.
    /// </summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Fault("journal write rejected", cause, @event);
        Context.Stop(Self);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
        Fault("journal read failed", reason, message);

    /// <summary>One line (the cause's own message, no stack trace) and one report to the manager per incarnation.</summary>
    private void Fault(string what, Exception cause, object? @event)
    {
        if (_failed) return;
        _failed = true;
        var reason = $"{what}: {JournalFault.Describe(cause)}";
        _log.Error("Sweep {SweepId}: {JournalFault} (while writing {Event}); restarting from the journal after a back-off", _sweepId, reason,
            @event?.GetType().Name ?? "nothing");
        _manager.Tell(new ManagerProtocol.CoordinatorFailed(_sweepId, reason, _time.GetUtcNow()));
        // Requests this incarnation will never answer go back to the manager, which offers them to the other sweeps.
        foreach (var l in _leasing) _manager.Tell(new ManagerProtocol.NothingToLease(_sweepId, l.Request, l.Slot));
        _leasing.Clear();
    }

    /// <summary>Acknowledgement of a submission: the sweep is journaled (or already was).</summary>
    public sealed record SweepAccepted(string SweepId) : Domain.ISweepMessage;

    /// <summary>A submission the sweep does not take, with why (one line for the user).</summary>
    public sealed record SweepRefused(string SweepId, string Reason) : Domain.ISweepMessage;

    /// <summary>
    /// The answer to <see cref="CancelSweep"/>, once journaled: <c>Cancelled</c> when this command ended the sweep (then
    /// <c>Stopped</c> running trials and analysis units were told to stop), else the phase it already had.
    /// </summary>
    public sealed record CancelAnswered(string SweepId, bool Cancelled, string Phase, int Stopped) : Domain.ISweepMessage;

    /// <summary>
    /// The answer to <see cref="PauseSweep"/> and <see cref="UnpauseSweep"/>, once journaled: <c>Changed</c> when the command
    /// did something, the sweep's phase and whether it is paused now.
    /// </summary>
    public sealed record PauseAnswered(string SweepId, bool Changed, string Phase, bool Paused) : Domain.ISweepMessage;

    private object PauseAnswer(IReadOnlyList<ISweepEvent> events) =>
        new PauseAnswered(_sweepId, events.Count > 0, _state.Phase.ToString().ToLowerInvariant(), _state.Paused);

    private string StopReason => _state.Phase == SweepPhase.Cancelled ? "the sweep was cancelled" : "its trial has ended";

    /// <summary>Journals the cancellation, then tells every slot running work of this sweep to stop it.</summary>
    private void Cancel(CancelSweep c)
    {
        var sender = Sender;
        var running = Leases().ToList();
        Decide(c, events =>
        {
            var cancelled = events.Count > 0;
            if (cancelled)
                foreach (var l in running)
                {
                    _log.Info("Sweep {SweepId}: stopping {Key} attempt {Attempt} on {Worker}: {Reason}", _sweepId, l.Key, l.Attempt, l.Worker, c.Reason);
                    StopOnSlot(l.Key, l.Attempt, StopReason);
                }
            sender.Tell(new CancelAnswered(_sweepId, cancelled, _state.Phase.ToString().ToLowerInvariant(), cancelled ? running.Count : 0));
        }, then: AnnounceWork);
    }

    /// <summary>Tells the slots running trials that these events stopped early to stop them, and offers their places.</summary>
    private void StopStopped(IReadOnlyList<ISweepEvent> events)
    {
        var stopped = events.OfType<SweepEvents.TrialStopped>().ToList();
        foreach (var s in stopped)
        {
            StopOnSlot(s.TrialId, s.Attempt, s.Reason);
            _slotOf.Remove(s.TrialId);
        }
        if (stopped.Count > 0) AnnounceWork();
    }

    /// <summary>
    /// Asks the slot running an attempt to stop it (the decision is journaled already). A slot not known since a restart
    /// hears it at its next heartbeat instead.
    /// </summary>
    private void StopOnSlot(string key, int attempt, string reason)
    {
        if (_slotOf.TryGetValue(key, out var slot)) slot.Tell(new WorkProtocol.StopTrial(_sweepId, key, attempt, reason));
    }

    private sealed record CheckLeases
    {
        public static readonly CheckLeases Instance = new();
    }

    private void OnRecovered()
    {
        _overviews.Recovered(_state);
        _manager.Tell(new ManagerProtocol.CoordinatorRecovered(_sweepId));
        Timers.StartPeriodicTimer("leases", CheckLeases.Instance, _settings.LeaseCheckInterval);
        if (_settings.RequeueRunningOnRecovery) Self.Tell(new ResumeSweep(_time.GetUtcNow()));
        else AnnounceWork();
    }

    private DateTimeOffset LastHeard(RunningLease l) =>
        _lastHeard.TryGetValue(l.Key, out var heard) && heard > (l.StartedAt ?? DateTimeOffset.MinValue) ? heard : _recoveredAt.Max(l.StartedAt);

    private static WorkProtocol.ResultAcknowledged Acknowledged(string analysisId, int unit, int attempt) =>
        new(Domain.Analyses.AnalysisRecord.UnitKey(analysisId, unit), attempt);

    /// <summary>
    /// A running attempt of a trial or an analysis unit, as leases see it: the key its heartbeats carry, where it
    /// runs, since when, and the command that re-queues it as lost (with what to do once that is journaled).
    /// </summary>
    private sealed record RunningLease(string Key, int Attempt, string? Worker, DateTimeOffset? StartedAt, Func<string, ISweepCommand> Lose,
        Action<IReadOnlyList<ISweepEvent>> AfterLoss);

    private IEnumerable<RunningLease> Leases() =>
        _state.RunningInOrder
            .Select(t => new RunningLease(t.Id, t.Attempt, t.Worker, t.StartedAt,
                reason => new FailTrial(t.Id, t.Attempt, reason, false, _time.GetUtcNow()), AnnounceIfRequeued))
            .Concat(UnitLeases());

    private IEnumerable<RunningLease> UnitLeases() =>
        _state.AnalysesInOrder.Where(a => !a.IsTerminal).SelectMany(a => a.Running.Select(u => new RunningLease(
            Domain.Analyses.AnalysisRecord.UnitKey(a.Id, u.Key), u.Value.Attempt, u.Value.Worker, u.Value.StartedAt,
            reason => new FailAnalysisUnit(a.Id, u.Key, u.Value.Attempt, reason, false, _time.GetUtcNow()), _ => AnnounceWork())));

    /// <summary>Re-queues (as lost, not failed) every running trial attempt or analysis unit that matches.</summary>
    private void Expire(Func<RunningLease, bool> lost, Func<RunningLease, string> reason)
    {
        foreach (var l in Leases().Where(lost).ToList())
        {
            _log.Warning("Sweep {SweepId} {Key} attempt {Attempt}: {Reason}", _sweepId, l.Key, l.Attempt, reason(l));
            Decide(l.Lose(reason(l)), l.AfterLoss);
        }
    }

    /// <summary>A slot's result, acknowledged to the slot (the sender) once journaled.</summary>
    private void Result(ISweepCommand result)
    {
        switch (result)
        {
            case CompleteTrial c: Decide(c, Reply(Sender, _ => new WorkProtocol.ResultAcknowledged(c.TrialId, c.Attempt)) + AnnounceIfAnalysed); break;
            case FailTrial c: Decide(c, Reply(Sender, _ => new WorkProtocol.ResultAcknowledged(c.TrialId, c.Attempt)) + AnnounceIfRequeued); break;
            // A unit's result may open the next phase of its estimate (or end the sweep): slots told "no work" are woken.
            case CompleteAnalysisUnit c: Decide(c, Reply(Sender, _ => Acknowledged(c.AnalysisId, c.Unit, c.Attempt)), then: AnnounceWork); break;
            case FailAnalysisUnit c: Decide(c, Reply(Sender, _ => Acknowledged(c.AnalysisId, c.Unit, c.Attempt)), then: AnnounceWork); break;
            default: _log.Warning("Sweep {SweepId}: {Command} sent as a slot's result ignored", _sweepId, result.GetType().Name); break;
        }
    }

    private void Lease(ManagerProtocol.LeaseFor request)
    {
        var r = request.Request;
        _leasing.Add(request);
        Decide(new LeaseTrial(r.Worker, r.ArtifactRoot, _time.GetUtcNow(), r.Gpus),
            events =>
            {
                _leasing.Remove(request);
                // A lease may come with the chunk of trials it was planned from (TrialsPlanned first).
                switch (events[^1])
                {
                    case SweepEvents.TrialStarted started:
                        _lastHeard[started.TrialId] = started.At;
                        _slotOf[started.TrialId] = request.Slot;
                        request.Slot.Tell(new WorkProtocol.WorkLeased(AssignmentFor(started)));
                        break;
                    case SweepEvents.AnalysisUnitStarted unit:
                        var assignment = _state.AssignmentFor(unit);
                        _lastHeard[assignment.Key] = unit.At;
                        _slotOf[assignment.Key] = request.Slot;
                        request.Slot.Tell(new WorkProtocol.UnitLeased(assignment));
                        break;
                }
            },
            otherwise: () =>
            {
                _leasing.Remove(request);
                _manager.Tell(new ManagerProtocol.NothingToLease(_sweepId, r, request.Slot));
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
    /// Decides, advances the state, journals, then runs <paramref name="after"/> (or <paramref name="otherwise"/> when
    /// nothing was decided, which defaults to <paramref name="after"/> with no events), then <paramref name="then"/>.
    /// All of it runs only after every earlier write, so an acknowledgement never overtakes a pending write.
    /// </summary>
    private void Decide(ISweepCommand command, Action<IReadOnlyList<ISweepEvent>> after, Action? otherwise = null, Action? then = null)
    {
        var events = _state.Process(command);
        if (events.Count == 0)
        {
            DeferAsync(events, _ =>
            {
                (otherwise ?? (() => after(events)))();
                then?.Invoke();
            });
            return;
        }
        foreach (var e in events) _state = _state.Apply(e);
        var overview = _overviews.Decided(events);
        var remaining = events.Count;
        _sinceSnapshot += events.Count;
        var snapshot = _settings.SnapshotEvery > 0 && _sinceSnapshot >= _settings.SnapshotEvery && Serialization.SweepSnapshotCodec.CanSnapshot(_state);
        if (snapshot) _sinceSnapshot = 0;
        void Handler(ISweepEvent e)
        {
            if (!_written)
            {
                _written = true;
                _manager.Tell(new ManagerProtocol.JournalWritten(_sweepId));
            }
            LogEvent(e);
            if (--remaining > 0) return;
            // No command was decided while this batch was written (PersistAll stashes them) and every earlier batch is
            // written, so the state is exactly the journal's up to LastSequenceNr. It is immutable: the snapshot store
            // serializes it on its own thread while this actor goes on.
            if (snapshot) SaveSnapshot(new SweepSnapshot(_state));
            // Batches are journaled in order: this handler's sequence number is the overview's last event.
            if (overview is not null) _overviews.Save(overview, LastSequenceNr, _time.GetUtcNow(), Self);
            after(events);
            then?.Invoke();
        }
        if (snapshot) PersistAll(events, Handler);
        else PersistAllAsync(events, Handler);
    }

    private static Action<IReadOnlyList<ISweepEvent>> Reply(IActorRef to, Func<IReadOnlyList<ISweepEvent>, object> message) =>
        events => to.Tell(message(events));

    /// <summary>A completed trial may bring an analysis whose units idle slots should hear of now.</summary>
    private void AnnounceIfAnalysed(IReadOnlyList<ISweepEvent> events)
    {
        if (events.Any(e => e is SweepEvents.AnalysisPlanned)) AnnounceWork();
    }

    private void AnnounceIfRequeued(IReadOnlyList<ISweepEvent> events)
    {
        if (events.Any(e => e is SweepEvents.TrialRequeued or SweepEvents.TrialFailed { Final: false })) AnnounceWork();
    }

    /// <summary>Tells the manager whether this sweep has work (so idle slots are woken) or has ended.</summary>
    private void AnnounceWork()
    {
        if (_state.IsFinished) _manager.Tell(new ManagerProtocol.SweepEnded(_sweepId));
        else if (_state.HasWork) _manager.Tell(new ManagerProtocol.SweepHasWork(_sweepId));
    }

    /// <summary>At Info, a sweep's progress at most every <see cref="CoordinatorSettings.ProgressLogInterval"/> (per-trial lines are Debug).</summary>
    private void LogProgress()
    {
        var now = _time.GetUtcNow();
        if (now - _lastProgressLine < _settings.ProgressLogInterval) return;
        _lastProgressLine = now;
        _log.Info("Sweep {SweepId}: {Completed} of {Total} trials completed, {Running} running, {Failed} failed", _sweepId,
            _state.Count(TrialStatus.Completed), _state.Trials.Count, _state.Count(TrialStatus.Running), _state.Count(TrialStatus.Failed));
    }

    private void LogEvent(ISweepEvent e)
    {
        switch (e)
        {
            case SweepEvents.TrialStarted s:
                _log.Debug("Sweep {SweepId} trial {TrialId} attempt {Attempt} started on {Worker}", _sweepId, s.TrialId, s.Attempt, s.Worker);
                break;
            case SweepEvents.TrialCompleted c:
                _lastHeard.Remove(c.TrialId);
                _slotOf.Remove(c.TrialId);
                _log.Debug("Sweep {SweepId} trial {TrialId} attempt {Attempt} completed: objective {Objective}", _sweepId, c.TrialId, c.Attempt, c.Objective);
                LogProgress();
                break;
            case SweepEvents.SweepSubmitted:
                _log.Info("Sweep {SweepId} submitted: {Total} trials to run", _sweepId, _state.TotalTrials);
                break;
            case SweepEvents.TrialsPlanned p:
                _log.Debug("Sweep {SweepId}: {Count} more trials planned", _sweepId, p.Trials.Count);
                break;
            case SweepEvents.TrialFailed f:
                _log.Warning("Sweep {SweepId} trial {TrialId} attempt {Attempt} failed{Final}: {Reason}", _sweepId, f.TrialId, f.Attempt, f.Final ? " for good" : " (will retry)", f.Reason);
                break;
            case SweepEvents.TrialStopped s:
                _lastHeard.Remove(s.TrialId);
                _log.Info("Sweep {SweepId} trial {TrialId} attempt {Attempt} stopped: {Reason}", _sweepId, s.TrialId, s.Attempt, s.Reason);
                break;
            case SweepEvents.TrialRequeued r:
                _log.Warning("Sweep {SweepId} trial {TrialId} attempt {Attempt} re-queued: {Reason}", _sweepId, r.TrialId, r.Attempt, r.Reason);
                break;
            case SweepEvents.AnalysisPlanned p:
                _log.Info("Sweep {SweepId} {AnalysisId} planned: {Kind} of {Trials}", _sweepId, p.AnalysisId, p.Kind, string.Join(", ", p.TrialIds));
                break;
            case SweepEvents.AnalysisUnitCompleted u:
                _lastHeard.Remove(Domain.Analyses.AnalysisRecord.UnitKey(u.AnalysisId, u.Unit));
                _log.Debug("Sweep {SweepId} {AnalysisId} unit {Unit}: {Count} probes", _sweepId, u.AnalysisId, u.Unit, u.Results.Count);
                break;
            case SweepEvents.AnalysisUnitRequeued r:
                _log.Warning("Sweep {SweepId} {AnalysisId} unit {Unit} attempt {Attempt} re-queued: {Reason}", _sweepId, r.AnalysisId, r.Unit, r.Attempt, r.Reason);
                break;
            case SweepEvents.AnalysisCompleted c:
                _log.Info("Sweep {SweepId} {AnalysisId} done: {Evaluations} probes evaluated", _sweepId, c.AnalysisId,
                    _state.Analyses.GetValueOrDefault(c.AnalysisId)?.Values.Count);
                break;
            case SweepEvents.AnalysisFailed f:
                _log.Warning("Sweep {SweepId} {AnalysisId} failed: {Reason}", _sweepId, f.AnalysisId, f.Reason);
                break;
            case SweepEvents.SweepPaused p:
                _log.Warning("Sweep {SweepId} paused: {Reason}; running trials finish, nothing more is leased until it is resumed", _sweepId, p.Reason);
                break;
            case SweepEvents.SweepUnpaused:
                _log.Warning("Sweep {SweepId} resumed after a pause", _sweepId);
                break;
            case SweepEvents.SweepCancelled c:
                _log.Warning("Sweep {SweepId} cancelled: {Reason}", _sweepId, c.Reason);
                AnnounceWork();
                break;
            case SweepEvents.SweepCompleted c:
                _log.Info("Sweep {SweepId} finished: {Outcome} ({Completed} of {Total} trials completed, {Failed} failed)", _sweepId,
                    c.Succeeded ? "completed" : "failed", _state.Count(TrialStatus.Completed), _state.Trials.Count, _state.Count(TrialStatus.Failed));
                AnnounceWork();
                break;
        }
    }
}

internal static class DateTimeOffsetExtensions
{
    public static DateTimeOffset Max(this DateTimeOffset a, DateTimeOffset? b) => b is { } v && v > a ? v : a;
}
