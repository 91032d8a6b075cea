using System.ComponentModel;
using CoToSweep.Actors.Cluster;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Runners;
using CoToSweep.Actors.Workers;
using Serilog;
using Serilog.Events;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// A worker node: one slot per GPU (or CPU slots), pulling trials from the coordinator. When the coordinator is gone
/// for a while (or this node was downed) it leaves and joins again, so workers come back on their own.
/// </summary>
public sealed class WorkerCommand : AsyncCommand<WorkerCommand.Settings>
{
    public sealed class Settings : NodeSettings
    {
        [CommandOption("--join <HOST:PORT>")]
        [Description("The coordinator node to join (required).")]
        public string? Join { get; init; }

        [CommandOption("--gpus <LIST>")]
        [Description("all | none | a list such as 0,1 (default: all GPUs, or CPU slots when there are none).")]
        public string? Gpus { get; init; }

        [CommandOption("--cpu-slots <N>")]
        [Description("CPU slots (default: one per core when there is no GPU).")]
        public int? CpuSlots { get; init; }

        [CommandOption("--artifacts <DIR>")]
        [Description("Artifact directory every node mounts (default ./.cotosweep/artifacts).")]
        public string? Artifacts { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("Cluster port (default: any free port).")]
        public int Port { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("Fashion-MNIST directory for built-in trainers.")]
        public string? Data { get; init; }

        [CommandOption("--state <DIR>")]
        [Description("Where this worker writes its logs (default ./.cotosweep).")]
        public string? State { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Join is null) throw new UserError("worker needs --join HOST:PORT (the coordinator node)");
        var (joinHost, joinPort) = NodeSettings.HostPort("--join", settings.Join);
        IReadOnlyList<PlannedSlot> plan;
        try { plan = SlotPlan.Make(settings.Gpus, settings.CpuSlots, TorchGpuInventory.ForThisNode()); }
        catch (ArgumentException e) { throw new UserError(e.Message); }
        var tls = settings.Tls();
        var data = RunCommand.DataDirectory(settings.Data);
        var stateDir = Path.GetFullPath(settings.State ?? StateDirectory.Default);
        var artifacts = Path.GetFullPath(settings.Artifacts ?? StateDirectory.ArtifactRoot(stateDir));
        Directory.CreateDirectory(artifacts);
        Logging.Configure(stateDir, LogEventLevel.Information);
        var threads = Math.Max(1, Environment.ProcessorCount / plan.Count);
        var slots = plan.Select(p => new SlotSpec(p.Name, p.Gpus, RunnerCatalog.Create(new RunnerOptions(data, threads,
            Command: new CommandRunnerOptions { CudaVisibleDevices = p.CudaVisibleDevices }, AnalysisDevice: p.InProcessDevice)))).ToList();
        var node = new ClusterNodeSettings(settings.Host, settings.Port, [$"{joinHost}:{joinPort}"], [ClusterNodeSettings.WorkerRole], tls,
            ClusterNodeSettings.DefaultStableAfter, ClusterNodeSettings.DefaultRejoinAfter);
        try
        {
            while (true)
            {
                var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                var host = await NodeHost.StartAsync(b => b.AddCoToSweepCluster(node)
                    .AddWorkerRole(slots, artifacts, reason => lost.TrySetResult(reason), node.RejoinAfter), Interrupts.Token);
                Log.Information("Worker node with {Slots} slots ({Names}) joining {Seed}", slots.Count,
                    string.Join(", ", plan.Select(p => p.Name)), node.SeedAddress($"{joinHost}:{joinPort}"));
                try { await lost.Task.WaitAsync(Interrupts.Token); }
                finally { await NodeHost.StopAsync(host); }
                Log.Warning("Worker node restarting its cluster membership: {Reason}", await lost.Task);
            }
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
