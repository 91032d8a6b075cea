using Akka.Actor;
using Akka.Event;
using CoToSweep.Actors.Protocol;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Workers;

/// <summary>
/// One execution slot (a GPU, or a CPU slot). It pulls: asks the coordinator for work when idle, runs the leased
/// trial or analysis unit off the mailbox, heartbeats and forwards progress while it runs, and re-sends the result
/// until the coordinator acknowledges that it is journaled. Stopping the slot cancels the running work (its processes die).
/// <see cref="Drain"/> (the node is leaving, e.g. on SIGTERM) hands the work back instead: the running work is
/// cancelled and reported as lost, not as the trial's fault (re-queued without using a retry), and once the
/// coordinator acknowledges that, the slot answers <see cref="Drained"/> and asks for nothing more.
/// A slot asks for its next work in the same message as the result of the last (<see cref="WorkProtocol.ResultThenAsk"/>),
/// so that the coordinator journals both in one write and the slot waits for one journal round trip between trials.
/// </summary>
public sealed class WorkerSlot : UntypedActor, IWithTimers, IWithUnboundedStash
{
    private readonly IActorRef _coordinator;
    private readonly IReadOnlyDictionary<string, ITrialRunner> _runners;
    private readonly IReadOnlyDictionary<string, IAnalysisRunner> _analysisRunners;
    private readonly WorkerSlotSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CancellationTokenSource? _running;
    private Task? _job;
    private bool _asking;
    private IActorRef? _drainedTo;
    private string? _stoppedFor;
    // The work being run (Busy) or whose result is being reported (Reporting), and that result.
    private Job? _work;
    private object? _result;

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    /// <param name="runners">Trial runners, one per kind; those that also implement <see cref="IAnalysisRunner"/> evaluate analysis units.</param>
    public WorkerSlot(IActorRef coordinator, IEnumerable<ITrialRunner> runners, WorkerSlotSettings settings)
    {
        _coordinator = coordinator;
        var list = runners.ToList();
        _runners = list.ToDictionary(r => r.Kind);
        _analysisRunners = list.OfType<IAnalysisRunner>().ToDictionary(r => r.Kind);
        _settings = settings;
    }

    public static Props Props(IActorRef coordinator, IEnumerable<ITrialRunner> runners, WorkerSlotSettings settings) =>
        Akka.Actor.Props.Create(() => new WorkerSlot(coordinator, runners, settings));

    protected override void PreStart() => AskForWork();

    /// <summary>
    /// Cancels the running work and waits (a few seconds at most) for its runner to finish killing it: a process that
    /// exits right after stopping its slots must not end in the middle of a kill and leave a trial's process behind.
    /// </summary>
    protected override void PostStop()
    {
        _running?.Cancel();
        try { _job?.Wait(TimeSpan.FromSeconds(15)); }
        catch (AggregateException) { }   // the cancelled run's own outcome; only its end matters here
    }

    // The behaviours are plain switches (an UntypedActor's Become): a slot changes behaviour three times per trial, and a
    // ReceiveActor compiles its handlers anew at every Become (a tenth of the CPU of a no-op trial, profiled).
    protected override void OnReceive(object message) => Idle(message);

    private void Idle(object message)
    {
        switch (message)
        {
            case WorkProtocol.WorkLeased lease: Start(TrialJob(lease.Assignment)); break;
            case WorkProtocol.UnitLeased lease: Start(UnitJob(lease.Unit)); break;
            // Woken by WorkAvailable; the timer is the fallback if that message is lost (e.g. the coordinator moved).
            case WorkProtocol.NoWork: _asking = false; break;
            // With a request on its way, a wake-up would only ask a second time (and could be leased two pieces of work).
            case WorkProtocol.WorkAvailable:
                if (!_asking) AskForWork();
                break;
            case AskAgain: AskForWork(); break;
            case WorkProtocol.StopTrial: break;   // for work that has already ended here
            case Drain:
                _drainedTo = Sender;
                Timers.Cancel("ask");
                Become(Draining);
                Sender.Tell(new Drained(_settings.Name));
                break;
            default: Unhandled(message); break;
        }
    }

    /// <summary>Leaving: nothing is asked for or run any more; a lease that was on its way is handed straight back.</summary>
    private void Draining(object message)
    {
        switch (message)
        {
            case WorkProtocol.WorkLeased lease:
                _coordinator.Tell(new WorkProtocol.ForSweep(lease.Assignment.SweepId,
                    new SweepCommands.FailTrial(lease.Assignment.TrialId, lease.Assignment.Attempt, LeavingReason, false, DateTimeOffset.UtcNow)));
                break;
            case WorkProtocol.UnitLeased lease:
                _coordinator.Tell(new WorkProtocol.ForSweep(lease.Unit.SweepId,
                    new SweepCommands.FailAnalysisUnit(lease.Unit.AnalysisId, lease.Unit.Unit, lease.Unit.Attempt, LeavingReason, false, DateTimeOffset.UtcNow)));
                break;
            case Drain: Sender.Tell(new Drained(_settings.Name)); break;
        }
    }

    private const string LeavingReason = "handed back: the worker node is leaving";

    private void Busy(object message)
    {
        var job = _work!;
        switch (message)
        {
            case JobFinished f: Finish(job, f); break;
            case SendHeartbeat: _coordinator.Tell(new WorkProtocol.Heartbeat(job.SweepId, job.Key, job.Attempt, _settings.Name)); break;
            case WorkProtocol.ResultAcknowledged: break;
            // A lease answered twice (a request retried after a lost reply): handed back at once, as lost, so it is
            // leased again now instead of waiting out the lease timeout.
            case WorkProtocol.WorkLeased lease:
                HandBack(job, lease.Assignment.SweepId, lease.Assignment.TrialId,
                    new SweepCommands.FailTrial(lease.Assignment.TrialId, lease.Assignment.Attempt, SecondLease, false, DateTimeOffset.UtcNow));
                break;
            case WorkProtocol.UnitLeased lease:
                HandBack(job, lease.Unit.SweepId, lease.Unit.Key,
                    new SweepCommands.FailAnalysisUnit(lease.Unit.AnalysisId, lease.Unit.Unit, lease.Unit.Attempt, SecondLease, false, DateTimeOffset.UtcNow));
                break;
            case WorkProtocol.NoWork: break;
            case WorkProtocol.WorkAvailable: break;
            case WorkProtocol.StopTrial s:
                if (s.SweepId != job.SweepId || s.Key != job.Key || s.Attempt != job.Attempt || _stoppedFor is not null) break;
                _log.Info("Slot {Slot}: stopping {Key} attempt {Attempt}: {Reason}", _settings.Name, job.Key, job.Attempt, s.Reason);
                _stoppedFor = s.Reason;
                _running?.Cancel();
                break;
            case Drain:
                _log.Info("Slot {Slot}: handing {Key} attempt {Attempt} back, the node is leaving", _settings.Name, job.Key, job.Attempt);
                _drainedTo = Sender;
                _running?.Cancel();
                break;
            default: Unhandled(message); break;
        }
    }

    private const string SecondLease = "handed back: the slot was busy when it was leased";

    private void HandBack(Job job, string sweepId, string other, ISweepCommand command)
    {
        _log.Warning("Slot {Slot} busy with {Key}; handing back a second lease for {Other}", _settings.Name, job.Key, other);
        _coordinator.Tell(new WorkProtocol.ForSweep(sweepId, command));
    }

    private void Reporting(object message)
    {
        var job = _work!;
        switch (message)
        {
            case WorkProtocol.ResultAcknowledged a:
                if (a.TrialId != job.Key || a.Attempt != job.Attempt) break;
                Timers.Cancel("resend");
                _work = null;
                _result = null;
                if (_drainedTo is { } requester)
                {
                    Become(Draining);
                    Stash.UnstashAll();   // a lease on its way is handed back
                    requester.Tell(new Drained(_settings.Name));
                    break;
                }
                Become(Idle);
                Stash.UnstashAll();
                // The request sent with the result is out (or was answered "no work": the manager wakes this slot then).
                break;
            case Drain: _drainedTo = Sender; break;
            case ResendResult: _coordinator.Tell(_result); break;
            case WorkProtocol.StopTrial: break;
            case SendHeartbeat: break;
            case WorkProtocol.NoWork: _asking = false; break;
            case WorkProtocol.WorkAvailable: break;
            // The next work (or a retry of the request) is for once the result is acknowledged: the acknowledgement of a
            // result journaled before the lease comes first, but a resent result can be acknowledged late.
            case WorkProtocol.WorkLeased or WorkProtocol.UnitLeased or AskAgain: Stash.Stash(); break;
            default: Unhandled(message); break;
        }
    }

    /// <summary>
    /// Asks once, and asks again after <c>IdleRetry</c> unless a lease comes first: the fallback for a lost request,
    /// reply or wake-up (e.g. while the coordinator moves to another node).
    /// </summary>
    /// <param name="sweepId">With <paramref name="result"/>: the result of the work just ended, sent with the request.</param>
    private void AskForWork(string? sweepId = null, ISweepCommand? result = null)
    {
        _asking = true;
        Timers.StartSingleTimer("ask", AskAgain.Instance, _settings.IdleRetry);
        var request = new WorkProtocol.RequestWork(_settings.Name, _settings.ArtifactRoot, _settings.Gpus);
        _coordinator.Tell(result is null ? request : new WorkProtocol.ResultThenAsk(sweepId!, result, request));
    }

    /// <summary>
    /// One leased piece of work: what it is called in heartbeats and acknowledgements, how to run it, and the command
    /// that reports its end (from the outcome, or from the exception that ended the run).
    /// </summary>
    private sealed record Job(string SweepId, string Key, int Attempt, Func<CancellationToken, Task<ISweepCommand>> Run,
        Func<Exception, ISweepCommand> Crashed, Func<string, ISweepCommand> Lost);

    private Job TrialJob(TrialAssignment a)
    {
        var progress = new ForwardingProgress(_coordinator, a);
        return new Job(a.SweepId, a.TrialId, a.Attempt, async token =>
            {
                if (!_runners.TryGetValue(a.Trial.Kind, out var runner))
                    return Result(a, TrialOutcome.Failure($"this worker has no runner for kind '{a.Trial.Kind}'", trialFault: false));
                return Result(a, await runner.RunAsync(a, progress, token));
            },
            e => new SweepCommands.FailTrial(a.TrialId, a.Attempt, $"runner error: {e.GetType().Name}: {e.Message}", false, DateTimeOffset.UtcNow),
            reason => new SweepCommands.FailTrial(a.TrialId, a.Attempt, reason, false, DateTimeOffset.UtcNow));
    }

    private static ISweepCommand Result(TrialAssignment a, TrialOutcome o) => o.Succeeded
        ? new SweepCommands.CompleteTrial(a.TrialId, a.Attempt, o.Metrics, o.Objective, DateTimeOffset.UtcNow)
        : new SweepCommands.FailTrial(a.TrialId, a.Attempt, o.FailureReason ?? "failed", o.TrialFault, DateTimeOffset.UtcNow);

    private Job UnitJob(AnalysisUnitAssignment u) => new(u.SweepId, u.Key, u.Attempt, async token =>
        {
            if (!_analysisRunners.TryGetValue(u.TrialKind, out var runner))
                return new SweepCommands.FailAnalysisUnit(u.AnalysisId, u.Unit, u.Attempt,
                    $"this worker cannot evaluate analyses of kind '{u.TrialKind}'", false, DateTimeOffset.UtcNow);
            var results = await runner.EvaluateAsync(u, token);
            return new SweepCommands.CompleteAnalysisUnit(u.AnalysisId, u.Unit, u.Attempt, u.ProbeIds, results, DateTimeOffset.UtcNow);
        },
        // An evaluation that throws (adapter missing, groups differ) is the analysis's fault; a cancelled one was lost.
        e => new SweepCommands.FailAnalysisUnit(u.AnalysisId, u.Unit, u.Attempt, $"{e.GetType().Name}: {e.Message}",
            e is not OperationCanceledException, DateTimeOffset.UtcNow),
        reason => new SweepCommands.FailAnalysisUnit(u.AnalysisId, u.Unit, u.Attempt, reason, false, DateTimeOffset.UtcNow));

    private void Start(Job job)
    {
        _asking = false;
        _work = job;
        Become(Busy);
        Timers.Cancel("ask");
        Timers.StartPeriodicTimer("heartbeat", SendHeartbeat.Instance, _settings.Heartbeat);
        _running = new CancellationTokenSource();
        var token = _running.Token;
        var run = Task.Run(() => job.Run(token), token);
        _job = run;
        run
            .ContinueWith(t => new JobFinished(t.IsCompletedSuccessfully ? t.Result : null,
                    t.Exception?.GetBaseException() ?? (t.IsCanceled ? new OperationCanceledException() : null)),
                TaskContinuationOptions.ExecuteSynchronously)
            .PipeTo(Self);
    }

    private void Finish(Job job, JobFinished finished)
    {
        _running?.Dispose();
        _running = null;
        _job = null;
        Timers.Cancel("heartbeat");
        var command = finished.Command ?? job.Crashed(finished.Error ?? new InvalidOperationException("no result"));
        // Handed back: whatever a cancelled run reports (killed, cancelled) is the node leaving, not the trial failing.
        // Stopped by the coordinator: likewise, the attempt was lost for the reason it gave (it decides what that means).
        if ((_drainedTo is not null || _stoppedFor is not null) && command is not (SweepCommands.CompleteTrial or SweepCommands.CompleteAnalysisUnit))
            command = job.Lost(_stoppedFor is { } stopped ? $"stopped: {stopped}" : LeavingReason);
        _stoppedFor = null;
        if (finished.Error is not null and not OperationCanceledException)
            _log.Error(finished.Error, "Slot {Slot}: work {Key} ended with an error", _settings.Name, job.Key);
        var result = new WorkProtocol.ForSweep(job.SweepId, command);
        _result = result;
        Become(Reporting);
        Timers.StartPeriodicTimer("resend", ResendResult.Instance, _settings.ResultResend);
        if (_drainedTo is null) AskForWork(job.SweepId, command);
        else _coordinator.Tell(result);
    }

    private sealed record JobFinished(ISweepCommand? Command, Exception? Error);

    /// <summary>The node is leaving: hand the running work back and answer <see cref="Drained"/> once that is journaled.</summary>
    public sealed record Drain
    {
        public static readonly Drain Instance = new();
    }

    public sealed record Drained(string Slot);

    private sealed record AskAgain
    {
        public static readonly AskAgain Instance = new();
    }

    private sealed record ResendResult
    {
        public static readonly ResendResult Instance = new();
    }

    private sealed record SendHeartbeat
    {
        public static readonly SendHeartbeat Instance = new();
    }

    /// <summary>Progress goes to the coordinator directly; Tell is thread-safe, so the runner's thread may call it.</summary>
    private sealed class ForwardingProgress(IActorRef coordinator, TrialAssignment a) : ITrialProgress
    {
        public void Report(long step, IReadOnlyDictionary<string, double> metrics) =>
            coordinator.Tell(new WorkProtocol.ForSweep(a.SweepId,
                new SweepCommands.ReportProgress(a.TrialId, a.Attempt, step, metrics, DateTimeOffset.UtcNow)));
    }
}

/// <summary>
/// A slot's identity and timings. <c>Name</c> starts with the node's address, so that the coordinator can tell
/// which leases a removed node held. <c>Heartbeat</c> must be well under the coordinator's lease timeout.
/// </summary>
public sealed record WorkerSlotSettings(string Name, string ArtifactRoot, int Gpus, TimeSpan IdleRetry, TimeSpan ResultResend, TimeSpan Heartbeat)
{
    public static WorkerSlotSettings Local(string name, string artifactRoot, int gpus = 0) =>
        new(name, artifactRoot, gpus, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));
}
