using System.ComponentModel;
using CoToSweep.Actors.Cluster;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Hosting;
using CoToSweep.Actors.Persistence;
using Serilog;
using Serilog.Events;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// A coordinator node: the coordinator singleton runs on the oldest such node; a second one started with
/// <c>--join</c> is a standby that takes over when the active one dies (needs a shared PostgreSQL journal).
/// </summary>
public sealed class CoordinatorCommand : AsyncCommand<CoordinatorCommand.Settings>
{
    public sealed class Settings : NodeSettings
    {
        [CommandOption("--state <DIR>")]
        [Description("State directory: SQLite journal and logs (default ./.cotosweep).")]
        public string? State { get; init; }

        [CommandOption("--journal <CONNECTION>")]
        [Description("Journal instead of the state dir's SQLite file: PostgreSQL ('Host=…;Database=…' or postgres://…) for clusters with a standby.")]
        public string? Journal { get; init; }

        [CommandOption("--artifacts <DIR>")]
        [Description("Artifact directory every node mounts (default <state>/artifacts).")]
        public string? Artifacts { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("Cluster port (default 4053).")]
        public int Port { get; init; } = 4053;

        [CommandOption("--join <HOST:PORT>")]
        [Description("Join a running coordinator as a standby (PostgreSQL journal required).")]
        public string? Join { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var stateDir = Path.GetFullPath(settings.State ?? StateDirectory.Default);
        JournalSettings journal;
        try { journal = settings.Journal is null ? JournalSettings.ForStateDirectory(stateDir) : JournalSettings.Parse(settings.Journal); }
        catch (ArgumentException e) { throw new UserError($"--journal: {e.Message}"); }
        if (settings.Join is not null && journal.IsSqlite)
            throw new UserError("a standby coordinator (--join) needs a shared PostgreSQL --journal; SQLite serves one coordinator");
        var seeds = new List<string>();
        if (settings.Join is not null) seeds.Add($"{NodeSettings.HostPort("--join", settings.Join).Host}:{NodeSettings.HostPort("--join", settings.Join).Port}");
        seeds.Add($"{settings.Host}:{settings.Port}");
        var tls = settings.Tls();
        if (journal.IsSqlite && CoordinatorLock.LiveHolder(stateDir) is { } running)
            throw new UserError($"state dir {stateDir} is in use by a running coordinator (pid {running.Pid} on {running.Host})");

        Directory.CreateDirectory(stateDir);
        if (journal.IsSqlite) StateDirectory.Prepare(stateDir);
        using var held = journal.IsSqlite
            ? CoordinatorLock.TryAcquire(stateDir, ["*"], out var holder) ?? throw new UserError($"state dir {stateDir} is in use by pid {holder?.Pid}")
            : null;
        using var heartbeat = journal.IsSqlite ? null : CoordinatorHeartbeat.Start(journal, $"{settings.Host}:{settings.Port}");
        Logging.Configure(stateDir, LogEventLevel.Information);
        var node = new ClusterNodeSettings(settings.Host, settings.Port, seeds, [ClusterNodeSettings.CoordinatorRole], tls,
            ClusterNodeSettings.DefaultStableAfter, ClusterNodeSettings.DefaultRejoinAfter);
        try
        {
            // A coordinator the split-brain resolver downed (e.g. starved of CPU long enough to look unreachable) has a
            // terminated actor system: start a new one, which forms or joins the cluster again and recovers from the journal.
            while (true)
            {
                var host = await NodeHost.StartAsync(b => b.AddSweepJournal(journal).AddCoToSweepCluster(node).AddCoordinatorRole(CoordinatorSettings.Cluster),
                    Interrupts.Token);
                Log.Information("Coordinator node listening on {Address} ({Role}), journal {Journal}",
                    node.SeedAddress($"{settings.Host}:{settings.Port}"), settings.Join is null ? "active" : "standby",
                    journal.IsSqlite ? journal.ConnectionString : journal.Provider);
                try { await host.System().WhenTerminated.WaitAsync(Interrupts.Token); }
                finally { await NodeHost.StopAsync(host); }
                Log.Warning("Coordinator node was removed from the cluster; starting again");
            }
        }
        catch (OperationCanceledException)
        {
            Log.Information("Coordinator node stopped");
            throw;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
