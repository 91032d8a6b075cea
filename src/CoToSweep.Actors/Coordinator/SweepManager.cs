using Akka.Actor;
using Akka.Cluster;
using Akka.Pattern;
using Akka.Event;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Coordinator;

/// <summary>
/// The coordinator: one per cluster (the singleton on the <c>coordinator</c> role) or one per embedded run. It owns
/// the registry and one persistent <see cref="SweepCoordinator"/> per sweep, routes idle slots to sweeps with work
/// (oldest sweep first, so queued sweeps run in submission order while later ones fill free slots), forwards slots'
/// results and heartbeats, wakes idle slots when work appears, and turns removed cluster nodes into re-queued leases.
/// Each sweep coordinator runs under a back-off supervisor: one that stops on a journal fault is started again (it
/// recovers from the journal), with a growing pause, for as long as the fault lasts. While a coordinator is down no
/// lease request is offered to it, so the other sweeps keep running; every failure is published as a
/// <see cref="JournalStalls.SweepStalled"/> (what the embedded run and the liveness records show).
/// </summary>
public sealed class SweepManager : ReceiveActor, IWithStash
{
    private readonly CoordinatorSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _sweeps = [];
    private readonly List<string> _order = [];
    private readonly HashSet<string> _ended = [];
    private readonly HashSet<IActorRef> _idle = [];
    private readonly HashSet<string> _down = [];
    private readonly Dictionary<string, JournalStalls.SweepStalled> _stalls = [];
    private readonly TimeProvider _time;
    // Every slot heard from (worker name): what GET /api/cluster shows. In memory only, like heartbeats.
    private readonly Dictionary<string, SweepQueries.SlotSeen> _slots = [];
    private IActorRef _registry = ActorRefs.Nobody;

    public IStash Stash { get; set; } = null!;

    public SweepManager(CoordinatorSettings settings, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        Starting();
    }

    public static Props Props(CoordinatorSettings settings, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new SweepManager(settings, time ?? TimeProvider.System));

    protected override void PreStart()
    {
        _registry = Context.ActorOf(SweepRegistry.Props(), SweepRegistry.Id);
        _registry.Tell(SweepRegistry.ListSweeps.Instance);
        if (Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal))
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop()
    {
        if (Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal)) Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }

    /// <summary>Until the registry has recovered, everything waits: a slot must not be told "no work" too early.</summary>
    private void Starting()
    {
        Receive<SweepRegistry.SweepList>(list =>
        {
            foreach (var id in list.SweepIds) Coordinator(id);
            _log.Info("Coordinator up with {Count} journaled sweeps", list.SweepIds.Count);
            Become(Running);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Running()
    {
        Receive<SweepCommands.SubmitSweep>(submit =>
        {
            var sender = Sender;
            var d = submit.Definition;
            if (_sweeps.ContainsKey(d.Id) || !SubmissionContinuation.Candidates(_order, d.Spec!.Name).Any())
            {
                Register(submit, sender);
                return;
            }
            // A file not journaled under its own id may be an edited budget of a sweep of its name: that sweep goes on.
            var earlier = SubmissionContinuation.Candidates(_order, d.Spec!.Name).Select(id => (id, _sweeps[id])).ToList();
            SubmissionContinuation.Resolve(submit, earlier).PipeTo(Self, success: s => new Resolved(s, sender),
                failure: e => new Resolved(null, sender, $"could not read the journaled sweeps named {d.Spec.Name}: {e.Message}"));
        });
        Receive<Resolved>(r =>
        {
            if (r.Submit is { } submit) Register(submit, r.ReplyTo);
            else r.ReplyTo.Tell(new SweepCoordinator.SweepRefused("", r.Problem!));
        });
        Receive<Registered>(r =>
        {
            _ended.Remove(r.Submit.Definition.Id);
            Coordinator(r.Submit.Definition.Id).Tell(r.Submit, r.ReplyTo);
        });
        Receive<WorkProtocol.RequestWork>(request =>
        {
            Asked(request);
            TryLease(request, Sender, 0);
        });
        Receive<WorkProtocol.ResultThenAsk>(r =>
        {
            Asked(r.Next);
            // Only where the request would go first anyway (oldest open sweep first): then one write holds both.
            if (FirstOpen(0) is { } first && _order[first] == r.SweepId)
                _sweeps[r.SweepId].Forward(new ManagerProtocol.ResultThenLease(r.Result, new ManagerProtocol.LeaseFor(r.Next, Sender)));
            else
            {
                Route(r.SweepId, r.Result);
                TryLease(r.Next, Sender, 0);
            }
        });
        Receive<ManagerProtocol.NothingToLease>(n => TryLease(n.Request, n.Slot, _order.IndexOf(n.SweepId) + 1));
        Receive<ManagerProtocol.SweepHasWork>(w =>
        {
            _ended.Remove(w.SweepId);
            foreach (var slot in _idle) slot.Tell(new WorkProtocol.WorkAvailable(w.SweepId));
            _idle.Clear();
        });
        Receive<ManagerProtocol.SweepEnded>(e => { _ended.Add(e.SweepId); });
        Receive<ManagerProtocol.CoordinatorFailed>(f =>
        {
            _down.Add(f.SweepId);
            var stall = _stalls.TryGetValue(f.SweepId, out var s)
                ? s with { Reason = f.Reason, At = f.At, Failures = s.Failures + 1 }
                : new JournalStalls.SweepStalled(f.SweepId, f.Reason, f.At, f.At, 1);
            _stalls[f.SweepId] = stall;
            if (stall.Failures == 1)
                _log.Warning("Sweep {SweepId} stalled: {JournalFault}; its coordinator restarts with back-off until the journal takes writes",
                    f.SweepId, f.Reason);
            Context.System.EventStream.Publish(stall);
        });
        Receive<ManagerProtocol.CoordinatorRecovered>(r => { _down.Remove(r.SweepId); });
        Receive<ManagerProtocol.JournalWritten>(w =>
        {
            if (!_stalls.Remove(w.SweepId, out var stall)) return;
            _log.Info("Sweep {SweepId}: the journal is writable again after {Failures} failed attempts over {Seconds:F1}s",
                w.SweepId, stall.Failures, (_time.GetUtcNow() - stall.Since).TotalSeconds);
            Context.System.EventStream.Publish(new JournalStalls.SweepUnstalled(w.SweepId));
        });
        Receive<JournalStalls.GetStalls>(_ => Sender.Tell(new JournalStalls.Stalls(_stalls.Values.ToList())));
        Receive<WorkProtocol.ForSweep>(f => Route(f.SweepId, f.Command));
        Receive<WorkProtocol.Heartbeat>(h =>
        {
            var seen = _slots.GetValueOrDefault(h.Worker);
            _slots[h.Worker] = new SweepQueries.SlotSeen(h.Worker, seen?.Gpus ?? 0, seen?.LastAsked, h.SweepId, h.TrialId, h.Attempt, _time.GetUtcNow());
            Route(h.SweepId, h);
        });
        Receive<SweepQueries.GetSlots>(_ => Sender.Tell(new SweepQueries.SlotList(_slots.Values.OrderBy(s => s.Worker, StringComparer.Ordinal).ToList())));
        Receive<SweepQueries.GetState>(q =>
        {
            if (_sweeps.TryGetValue(q.SweepId, out var c)) c.Forward(q);
            else Sender.Tell(new SweepQueries.UnknownSweep(q.SweepId));
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            var address = removed.Member.Address.ToString();
            _log.Warning("Node {Address} was removed from the cluster; its running trials are re-queued", address);
            foreach (var c in _sweeps.Values) c.Tell(new ManagerProtocol.WorkerNodeLost(address));
        });
        // A block, not an expression: HashSet.Remove returns bool, would pick the Func<T, bool> overload ("handled?") and leave
        // Terminated of a slot no longer idle unhandled (a DeathPactException that stops the singleton).
        Receive<Terminated>(t => { _idle.Remove(t.ActorRef); });
        Receive<Status.Failure>(f => _log.Error(f.Cause, "Could not register a submitted sweep"));
    }

    private void Register(SweepCommands.SubmitSweep submit, IActorRef replyTo)
    {
        var d = submit.Definition;
        _registry.Ask<SweepRegistry.SweepRegisteredAck>(new SweepRegistry.RegisterSweep(d.Id, d.Spec!.Name), TimeSpan.FromSeconds(30))
            .PipeTo(Self, success: _ => new Registered(submit, replyTo), failure: e => new Status.Failure(e));
    }

    /// <summary>A slot that asks is no longer waiting for a wake-up: waking it later would make it ask twice.</summary>
    private void Asked(WorkProtocol.RequestWork request)
    {
        if (_idle.Remove(Sender)) Context.Unwatch(Sender);
        _slots[request.Worker] = new SweepQueries.SlotSeen(request.Worker, request.Gpus, _time.GetUtcNow(), null, null, null,
            _slots.GetValueOrDefault(request.Worker)?.LastHeartbeat);
    }

    /// <summary>Offers the request to sweeps from position <paramref name="from"/> on; a coordinator with nothing passes it back.</summary>
    private void TryLease(WorkProtocol.RequestWork request, IActorRef slot, int from)
    {
        if (FirstOpen(from) is { } i)
        {
            _sweeps[_order[i]].Tell(new ManagerProtocol.LeaseFor(request, slot));
            return;
        }
        if (_idle.Add(slot)) Context.Watch(slot);
        slot.Tell(WorkProtocol.NoWork.Instance);
    }

    /// <summary>
    /// The first sweep from position <paramref name="from"/> on that may lease: an ended sweep has nothing, and a
    /// coordinator that is down would drop the request and starve the sweeps after it.
    /// </summary>
    private int? FirstOpen(int from)
    {
        for (var i = from; i < _order.Count; i++)
            if (!_ended.Contains(_order[i]) && !_down.Contains(_order[i])) return i;
        return null;
    }

    private void Route(string sweepId, object message)
    {
        if (_sweeps.TryGetValue(sweepId, out var coordinator)) coordinator.Forward(message);
        else if (message is SweepCommands.CancelSweep or SweepCommands.PauseSweep or SweepCommands.UnpauseSweep) Sender.Tell(new SweepQueries.UnknownSweep(sweepId));   // a client waits for an answer
        else _log.Warning("Dropped {Message} for unknown sweep {SweepId}", message.GetType().Name, sweepId);
    }

    private IActorRef Coordinator(string sweepId)
    {
        if (_sweeps.TryGetValue(sweepId, out var existing)) return existing;
        var coordinator = SweepCoordinator.Props(sweepId, _settings, Self, _time);
        var supervised = BackoffSupervisor.Props(Backoff.OnStop(coordinator, "coordinator", _settings.RestartMinBackoff,
            _settings.RestartMaxBackoff, randomFactor: 0.2, maxNrOfRetries: -1).WithAutoReset(_settings.RestartMaxBackoff * 2));
        var child = Context.ActorOf(supervised, SweepCoordinator.PersistenceIdFor(sweepId));
        _sweeps[sweepId] = child;
        _order.Add(sweepId);
        return child;
    }

    private sealed record Registered(SweepCommands.SubmitSweep Submit, IActorRef ReplyTo);

    private sealed record Resolved(SweepCommands.SubmitSweep? Submit, IActorRef ReplyTo, string? Problem = null);
}
