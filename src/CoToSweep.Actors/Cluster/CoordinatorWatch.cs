using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace CoToSweep.Actors.Cluster;

/// <summary>
/// On worker nodes: when no reachable coordinator-role member has been seen for <c>rejoinAfter</c>, or this node
/// itself was removed (downed by the split-brain resolver), calls <c>lost</c> so the host can leave and join again:
/// that is how workers come back on their own after the coordinator restarts.
/// </summary>
public sealed class CoordinatorWatch : ReceiveActor, IWithTimers
{
    private readonly HashSet<Member> _coordinators = [];
    private readonly HashSet<Member> _unreachable = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _reported;

    public ITimerScheduler Timers { get; set; } = null!;

    public CoordinatorWatch(Action<string> lost, TimeSpan rejoinAfter)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        cluster.RegisterOnMemberRemoved(() => Report(lost, "this node was removed from the cluster"));
        Receive<ClusterEvent.MemberUp>(m => Track(m.Member, true));
        Receive<ClusterEvent.MemberRemoved>(m => Track(m.Member, false));
        Receive<ClusterEvent.UnreachableMember>(m => { _unreachable.Add(m.Member); Check(rejoinAfter); });
        Receive<ClusterEvent.ReachableMember>(m => { _unreachable.Remove(m.Member); Check(rejoinAfter); });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<Lost>(_ =>
        {
            if (!HasCoordinator) Report(lost, $"no reachable coordinator for {rejoinAfter.TotalSeconds:F0}s");
        });
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartSingleTimer("lost", Lost.Instance, rejoinAfter + rejoinAfter);   // joining itself may take a while
        void Track(Member m, bool up)
        {
            if (!m.HasRole(ClusterNodeSettings.CoordinatorRole)) return;
            if (up) _coordinators.Add(m);
            else { _coordinators.Remove(m); _unreachable.Remove(m); }
            Check(rejoinAfter);
        }
    }

    public static Props Props(Action<string> lost, TimeSpan rejoinAfter) => Akka.Actor.Props.Create(() => new CoordinatorWatch(lost, rejoinAfter));

    private bool HasCoordinator => _coordinators.Any(c => !_unreachable.Contains(c));

    private void Check(TimeSpan rejoinAfter)
    {
        if (HasCoordinator) Timers.Cancel("lost");
        else if (!Timers.IsTimerActive("lost")) Timers.StartSingleTimer("lost", Lost.Instance, rejoinAfter);
    }

    private void Report(Action<string> lost, string reason)
    {
        if (_reported) return;
        _reported = true;
        _log.Warning("Rejoining the cluster: {Reason}", reason);
        lost(reason);
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private sealed record Lost
    {
        public static readonly Lost Instance = new();
    }
}
