using Akka.Actor;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Cluster;

/// <summary>
/// A fixed address (<c>/user/submissions</c> on every coordinator node) for clients outside the cluster, such as
/// <c>cotosweep submit</c> and <c>cancel</c>: they cannot use the singleton proxy, so this forwards to it.
/// </summary>
public sealed class SubmissionGateway : ReceiveActor
{
    public SubmissionGateway(IActorRef coordinator)
    {
        Receive<SweepCommands.SubmitSweep>(s => coordinator.Forward(s));
        // `cotosweep cancel|pause|resume --coordinator` and the HTTP API: the only per-sweep commands a client may send.
        Receive<Protocol.WorkProtocol.ForSweep>(f => f.Command is SweepCommands.CancelSweep or SweepCommands.PauseSweep or SweepCommands.UnpauseSweep,
            f => coordinator.Forward(f));
        Receive<Protocol.SweepQueries.GetSlots>(q => coordinator.Forward(q));
    }

    public static Props Props(IActorRef coordinator) => Akka.Actor.Props.Create(() => new SubmissionGateway(coordinator));
}
