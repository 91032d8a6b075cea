using Akka.Actor;
using Akka.Event;
using CoToSweep.Actors.Protocol;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Workers;

/// <summary>
/// One execution slot (a GPU, or a CPU slot). It pulls: asks the coordinator for work when idle, runs the leased
/// trial off the mailbox, heartbeats and forwards progress while it runs, and re-sends the result until the
/// coordinator acknowledges that it is journaled. Stopping the slot cancels the running trial (its processes die).
/// </summary>
public sealed class WorkerSlot : ReceiveActor, IWithTimers
{
    private readonly IActorRef _coordinator;
    private readonly IReadOnlyDictionary<string, ITrialRunner> _runners;
    private readonly WorkerSlotSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CancellationTokenSource? _running;

    public ITimerScheduler Timers { get; set; } = null!;

    public WorkerSlot(IActorRef coordinator, IEnumerable<ITrialRunner> runners, WorkerSlotSettings settings)
    {
        _coordinator = coordinator;
        _runners = runners.ToDictionary(r => r.Kind);
        _settings = settings;
        Idle();
    }

    public static Props Props(IActorRef coordinator, IEnumerable<ITrialRunner> runners, WorkerSlotSettings settings) =>
        Akka.Actor.Props.Create(() => new WorkerSlot(coordinator, runners, settings));

    protected override void PreStart() => AskForWork();

    protected override void PostStop() => _running?.Cancel();

    private void Idle()
    {
        Receive<WorkProtocol.WorkLeased>(lease => Start(lease.Assignment));
        // Woken by WorkAvailable; the timer is the fallback if that message is lost (e.g. the coordinator moved).
        Receive<WorkProtocol.NoWork>(_ => Timers.StartSingleTimer("ask", AskAgain.Instance, _settings.IdleRetry));
        Receive<WorkProtocol.WorkAvailable>(_ => AskForWork());
        Receive<AskAgain>(_ => AskForWork());
    }

    private void Busy(TrialAssignment assignment)
    {
        Receive<TrialFinished>(f => Finish(assignment, f));
        Receive<SendHeartbeat>(_ => _coordinator.Tell(
            new WorkProtocol.Heartbeat(assignment.SweepId, assignment.TrialId, assignment.Attempt, _settings.Name)));
        Receive<WorkProtocol.ResultAcknowledged>(_ => { });
        Receive<WorkProtocol.WorkLeased>(lease =>
        {
            // A lease answered twice (a retried request): the trial stays pending with the coordinator's lease expiry.
            _log.Warning("Slot {Slot} busy with {TrialId}; ignoring a second lease for {Other}", _settings.Name, assignment.TrialId, lease.Assignment.TrialId);
        });
        Receive<WorkProtocol.NoWork>(_ => { });
        Receive<WorkProtocol.WorkAvailable>(_ => { });
    }

    private void Reporting(object result, TrialAssignment assignment)
    {
        Receive<WorkProtocol.ResultAcknowledged>(a =>
        {
            if (a.TrialId != assignment.TrialId || a.Attempt != assignment.Attempt) return;
            Timers.Cancel("resend");
            Become(Idle);
            AskForWork();
        });
        Receive<ResendResult>(_ => _coordinator.Tell(result));
        Receive<SendHeartbeat>(_ => { });
        Receive<WorkProtocol.NoWork>(_ => { });
        Receive<WorkProtocol.WorkAvailable>(_ => { });
    }

    private void AskForWork() => _coordinator.Tell(new WorkProtocol.RequestWork(_settings.Name, _settings.ArtifactRoot, _settings.Gpus));

    private void Start(TrialAssignment assignment)
    {
        Become(() => Busy(assignment));
        Timers.Cancel("ask");
        Timers.StartPeriodicTimer("heartbeat", SendHeartbeat.Instance, _settings.Heartbeat);
        _running = new CancellationTokenSource();
        var token = _running.Token;
        var progress = new ForwardingProgress(_coordinator, assignment);
        if (!_runners.TryGetValue(assignment.Trial.Kind, out var runner))
        {
            Self.Tell(new TrialFinished(TrialOutcome.Failure($"this worker has no runner for kind '{assignment.Trial.Kind}'", trialFault: false), null));
            return;
        }
        Task.Run(() => runner.RunAsync(assignment, progress, token), token)
            .ContinueWith(t => new TrialFinished(t.IsCompletedSuccessfully ? t.Result : null, t.Exception?.GetBaseException()),
                TaskContinuationOptions.ExecuteSynchronously)
            .PipeTo(Self);
    }

    private void Finish(TrialAssignment assignment, TrialFinished finished)
    {
        _running?.Dispose();
        _running = null;
        Timers.Cancel("heartbeat");
        var at = DateTimeOffset.UtcNow;
        ISweepCommand command = finished.Outcome switch
        {
            { Succeeded: true } o => new SweepCommands.CompleteTrial(assignment.TrialId, assignment.Attempt, o.Metrics, o.Objective, at),
            { } o => new SweepCommands.FailTrial(assignment.TrialId, assignment.Attempt, o.FailureReason ?? "failed", o.TrialFault, at),
            null => new SweepCommands.FailTrial(assignment.TrialId, assignment.Attempt,
                $"runner error: {finished.Error?.GetType().Name}: {finished.Error?.Message}", false, at),
        };
        if (finished.Error is not null and not OperationCanceledException)
            _log.Error(finished.Error, "Slot {Slot}: runner for {TrialId} crashed", _settings.Name, assignment.TrialId);
        var result = new WorkProtocol.ForSweep(assignment.SweepId, command);
        Become(() => Reporting(result, assignment));
        _coordinator.Tell(result);
        Timers.StartPeriodicTimer("resend", ResendResult.Instance, _settings.ResultResend);
    }

    private sealed record TrialFinished(TrialOutcome? Outcome, Exception? Error);

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
