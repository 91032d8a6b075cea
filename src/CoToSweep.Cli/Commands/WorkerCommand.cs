using System.ComponentModel;
using System.Diagnostics;
using CoToSweep.Actors.Cluster;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Runners;
using CoToSweep.Actors.Workers;
using CoToSweep.Cli.Health;
using Serilog;
using Serilog.Events;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// A worker node: one slot per GPU (or CPU slots), pulling trials from the coordinator. When the coordinator is gone
/// for a while (or this node was downed) it leaves and joins again, so workers come back on their own. SIGTERM (or
/// Ctrl-C) is a graceful leave: the slots hand their running work back (re-queued, no retry used), their processes
/// are killed, and the node leaves the cluster before the process exits.
/// </summary>
public sealed class WorkerCommand : AsyncCommand<WorkerCommand.Settings>
{
    /// <summary>How long the slots get to hand their work back on SIGTERM (a trial's processes are reaped within 10 s).</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public sealed class Settings : ServingNodeSettings
    {
        [CommandOption("--join <HOST:PORT>")]
        [Description("The coordinator node(s) to join, HOST:PORT[[,HOST:PORT…]] (required). $COTOSWEEP_JOIN")]
        public string? Join { get; init; }

        [CommandOption("--gpus <LIST>")]
        [Description("all | none | a list such as 0,1 (default: all GPUs, or CPU slots when there are none). $COTOSWEEP_GPUS")]
        public string? Gpus { get; init; }

        [CommandOption("--cpu-slots <N>")]
        [Description("CPU slots (default: one per core when there is no GPU). $COTOSWEEP_CPU_SLOTS")]
        public int? CpuSlots { get; init; }

        [CommandOption("--artifacts <DIR>")]
        [Description("Artifact directory every node mounts (default <state>/artifacts). $COTOSWEEP_ARTIFACT_ROOT")]
        public string? Artifacts { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("Cluster port (default: any free port). $COTOSWEEP_PORT")]
        public int? Port { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("Fashion-MNIST directory for built-in trainers. $COTOSWEEP_DATA")]
        public string? Data { get; init; }

        [CommandOption("--state <DIR>")]
        [Description("Where this worker writes its logs (default ./.cotosweep). $COTOSWEEP_STATE")]
        public string? State { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var join = EnvironmentVariables.Join.Or(settings.Join)
            ?? throw new UserError("worker needs --join HOST:PORT (the coordinator node), or COTOSWEEP_JOIN");
        var seeds = NodeSettings.HostPorts("--join", join);
        IReadOnlyList<PlannedSlot> plan;
        try
        {
            plan = SlotPlan.Make(EnvironmentVariables.Gpus.Or(settings.Gpus), EnvironmentVariables.CpuSlots.Or(settings.CpuSlots),
                TorchGpuInventory.ForThisNode());
        }
        catch (ArgumentException e) { throw new UserError(e.Message); }
        var tls = settings.Tls();
        var advertised = settings.AdvertisedHost();
        var port = ServingNodeSettings.CheckedPort(EnvironmentVariables.Port.Or(settings.Port) ?? 0);
        var data = RunCommand.DataDirectory(EnvironmentVariables.Data.Or(settings.Data));
        var stateDir = Path.GetFullPath(EnvironmentVariables.State.Or(settings.State) ?? StateDirectory.Default);
        var artifacts = Path.GetFullPath(EnvironmentVariables.ArtifactRoot.Or(settings.Artifacts) ?? StateDirectory.ArtifactRoot(stateDir));
        var healthPort = settings.ResolvedHealthPort();
        Directory.CreateDirectory(artifacts);
        Logging.Configure(stateDir, LogEventLevel.Information);
        var threads = Math.Max(1, Environment.ProcessorCount / plan.Count);
        var slots = plan.Select(p => new SlotSpec(p.Name, p.Gpus, RunnerCatalog.Create(new RunnerOptions(data, threads,
            Command: new CommandRunnerOptions { CudaVisibleDevices = p.CudaVisibleDevices }, AnalysisDevice: p.InProcessDevice)))).ToList();
        var node = new ClusterNodeSettings(advertised, port, seeds, [ClusterNodeSettings.WorkerRole], tls,
            ClusterNodeSettings.DefaultStableAfter, ClusterNodeSettings.DefaultRejoinAfter, settings.BindHost());
        try
        {
            using var health = HealthEndpoint.Start(healthPort);
            while (true)
            {
                var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                var host = await NodeHost.StartAsync(b => b.AddCoToSweepCluster(node)
                    .AddWorkerRole(slots, artifacts, reason => lost.TrySetResult(reason), node.RejoinAfter), Interrupts.Token);
                health?.Watch(host.System());
                Log.Information("Worker node with {Slots} slots ({Names}) joining {Seeds}", slots.Count,
                    string.Join(", ", plan.Select(p => p.Name)), string.Join(", ", seeds.Select(node.SeedAddress)));
                var stopping = false;
                try
                {
                    stopping = await Task.WhenAny(lost.Task, Task.Delay(Timeout.Infinite, Interrupts.Token)) != lost.Task;
                    if (stopping) await HandBackAsync(host, slots, health);
                }
                finally { await NodeHost.StopAsync(host); }
                if (stopping)
                {
                    Log.Information("Worker node left the cluster; exiting");
                    return Interrupts.NodeExitCode;
                }
                Log.Warning("Worker node restarting its cluster membership: {Reason}", await lost.Task);
            }
        }
        catch (OperationCanceledException) when (Interrupts.Token.IsCancellationRequested)
        {
            return Interrupts.NodeExitCode;   // signalled while joining: nothing was leased yet
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static async Task HandBackAsync(Microsoft.Extensions.Hosting.IHost host, IReadOnlyList<SlotSpec> slots, HealthEndpoint? health)
    {
        health?.Leaving();
        Log.Information("Worker node stopping ({Signal}): handing running work back", Interrupts.Signal);
        var clock = Stopwatch.StartNew();
        var undrained = await ClusterRoles.DrainWorkerSlotsAsync(host.System(), slots, DrainTimeout);
        if (undrained.Count > 0)
            Log.Warning("Slots {Slots} did not confirm their hand-back within {Timeout}s; their leases are re-queued when this node has left",
                string.Join(", ", undrained), DrainTimeout.TotalSeconds);
        else
            Log.Information("Every slot handed its work back in {Seconds:F1}s; leaving the cluster", clock.Elapsed.TotalSeconds);
    }
}
