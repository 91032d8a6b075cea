using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Runners;
using CoToSweep.Actors.Workers;

namespace CoToSweep.Actors.Cluster;

/// <summary>Registry key of the coordinator singleton (on coordinator nodes) and its proxy (everywhere).</summary>
public sealed class CoordinatorKey;

/// <summary>One slot of a worker node: its GPUs and the runners it uses (they may carry CUDA_VISIBLE_DEVICES).</summary>
public sealed record SlotSpec(string Name, int Gpus, IReadOnlyList<ITrialRunner> Runners);

public static class ClusterRoles
{
    public const string SingletonName = "coordinator";
    public const string GatewayName = "submissions";

    private static ClusterSingletonOptions SingletonOptions => new() { Role = ClusterNodeSettings.CoordinatorRole };

    /// <summary>The coordinator singleton (on the oldest coordinator-role node) and the submission gateway clients talk to.</summary>
    public static AkkaConfigurationBuilder AddCoordinatorRole(this AkkaConfigurationBuilder builder, CoordinatorSettings settings) =>
        builder
            .WithSingleton<CoordinatorKey>(SingletonName, SweepManager.Props(settings), SingletonOptions, createProxyToo: true)
            .WithActors((system, registry) =>
                system.ActorOf(SubmissionGateway.Props(registry.Get<CoordinatorKey>()), GatewayName));

    /// <summary>Worker slots that pull work from the coordinator singleton, named after this node's address.</summary>
    public static AkkaConfigurationBuilder AddWorkerRole(this AkkaConfigurationBuilder builder, IReadOnlyList<SlotSpec> slots,
        string artifactRoot, Action<string> coordinatorLost, TimeSpan rejoinAfter) =>
        builder
            .WithSingletonProxy<CoordinatorKey>(SingletonName, SingletonOptions)
            .WithActors((system, registry) =>
            {
                var coordinator = registry.Get<CoordinatorKey>();
                var address = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
                for (var i = 0; i < slots.Count; i++)
                {
                    var s = slots[i];
                    var settings = WorkerSlotSettings.Local($"{address}/{s.Name}", artifactRoot, s.Gpus);
                    system.ActorOf(WorkerSlot.Props(coordinator, s.Runners, settings), s.Name);
                }
                system.ActorOf(CoordinatorWatch.Props(coordinatorLost, rejoinAfter), "coordinator-watch");
            });

    /// <summary>
    /// Before a worker node leaves: every slot hands its running work back (re-queued as lost, no retry used) and stops
    /// asking. Returns the slots that did not confirm within <paramref name="timeout"/> (their leases are re-queued
    /// anyway once the node has left the cluster).
    /// </summary>
    public static async Task<IReadOnlyList<string>> DrainWorkerSlotsAsync(ActorSystem system, IReadOnlyList<SlotSpec> slots, TimeSpan timeout)
    {
        var asks = slots.Select(async s =>
        {
            try
            {
                await system.ActorSelection($"/user/{s.Name}").Ask<WorkerSlot.Drained>(WorkerSlot.Drain.Instance, timeout);
                return null;
            }
            catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException or TaskCanceledException) { return s.Name; }
        });
        return (await Task.WhenAll(asks)).OfType<string>().ToList();
    }
}
