using System.ComponentModel;
using Akka.Actor;
using CoToSweep.Actors.Cluster;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Hosting;
using CoToSweep.Actors.Persistence;
using CoToSweep.Cli.Health;
using Serilog;
using Serilog.Events;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// A coordinator node: the coordinator singleton runs on the oldest such node; a second one started with
/// <c>--join</c> is a standby that takes over when the active one dies (needs a shared PostgreSQL journal). SIGTERM
/// (or Ctrl-C) stops it cleanly: it leaves the cluster (a standby takes the singleton over at once) and exits 0.
/// </summary>
public sealed class CoordinatorCommand : AsyncCommand<CoordinatorCommand.Settings>
{
    public sealed class Settings : ServingNodeSettings
    {
        [CommandOption("--state <DIR>")]
        [Description("State directory: SQLite journal and logs (default ./.cotosweep). $COTOSWEEP_STATE")]
        public string? State { get; init; }

        [CommandOption("--journal <CONNECTION>")]
        [Description("Journal instead of the state dir's SQLite file: PostgreSQL ('Host=…;Database=…' or postgres://…) for clusters with a standby. $COTOSWEEP_JOURNAL")]
        public string? Journal { get; init; }

        [CommandOption("--artifacts <DIR>")]
        [Description("Artifact directory every node mounts (default <state>/artifacts). $COTOSWEEP_ARTIFACT_ROOT")]
        public string? Artifacts { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("Cluster port (default 4053). $COTOSWEEP_PORT")]
        public int? Port { get; init; }

        [CommandOption("--join <HOST:PORT>")]
        [Description("Coordinator nodes to join, HOST:PORT[[,HOST:PORT…]]: a standby (PostgreSQL journal required); a list may name this node too (the first seed forms the cluster). $COTOSWEEP_JOIN")]
        public string? Join { get; init; }

        [CommandOption("--http <HOST:PORT>")]
        [Description(HttpServing.HttpHelp)]
        public string? Http { get; init; }

        [CommandOption("--http-token <TOKEN>")]
        [Description(HttpServing.TokenHelp)]
        public string? HttpToken { get; init; }

        [CommandOption("--http-read-open")]
        [Description(HttpServing.ReadOpenHelp)]
        public bool HttpReadOpen { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var stateDir = Path.GetFullPath(EnvironmentVariables.State.Or(settings.State) ?? StateDirectory.Default);
        var journalText = EnvironmentVariables.Journal.Or(settings.Journal);
        JournalSettings journal;
        try { journal = journalText is null ? JournalSettings.ForStateDirectory(stateDir) : JournalSettings.Parse(journalText); }
        catch (ArgumentException e) { throw new UserError($"--journal: {e.Message}"); }
        var host = settings.AdvertisedHost();
        var port = ServingNodeSettings.CheckedPort(EnvironmentVariables.Port.Or(settings.Port) ?? ClusterNodeSettings.DefaultCoordinatorPort);
        // The coordinator is its own seed and workers join it at this port: a port picked by the system is known to neither.
        if (port == 0) throw new UserError("--port: a coordinator needs a fixed port (workers join it there); 0 is for workers only");
        var self = $"{host}:{port}";
        // Seeds in the order given, then this node: the first seed may form a new cluster, the others only join one.
        var joins = EnvironmentVariables.Join.Or(settings.Join) is { } join ? NodeSettings.HostPorts("--join", join) : [];
        if (joins.Any(j => j != self) && journal.IsSqlite)
            throw new UserError("a standby coordinator (--join) needs a shared PostgreSQL --journal; SQLite serves one coordinator");
        var seeds = joins.Contains(self) ? joins : [.. joins, self];
        var standby = seeds[0] != self;
        var tls = settings.Tls();
        var healthPort = settings.ResolvedHealthPort();
        var http = HttpServing.From(settings.Http, settings.HttpToken, settings.HttpReadOpen);
        if (journal.IsSqlite && CoordinatorLock.LiveHolder(stateDir) is { } running)
            throw new UserError($"state dir {stateDir} is in use by a running coordinator (pid {running.Pid} on {running.Host})");

        Directory.CreateDirectory(stateDir);
        if (journal.IsSqlite) StateDirectory.Prepare(stateDir);
        using var held = journal.IsSqlite
            ? CoordinatorLock.TryAcquire(stateDir, ["*"], out var holder) ?? throw new UserError($"state dir {stateDir} is in use by pid {holder?.Pid}")
            : null;
        using var heartbeat = journal.IsSqlite ? null : CoordinatorHeartbeat.Start(journal, self);
        Logging.Configure(stateDir, LogEventLevel.Information);
        var node = new ClusterNodeSettings(host, port, seeds, [ClusterNodeSettings.CoordinatorRole], tls,
            ClusterNodeSettings.DefaultStableAfter, ClusterNodeSettings.DefaultRejoinAfter, settings.BindHost());
        using var health = HealthEndpoint.Start(healthPort);
        // The HTTP API outlives a restarted actor system (it asks whichever is current); it starts with the first one.
        ActorSystem? current = null;
        Web.WebServer? web = null;
        try
        {
            // A coordinator the split-brain resolver downed (e.g. starved of CPU long enough to look unreachable) has a
            // terminated actor system: start a new one, which forms or joins the cluster again and recovers from the journal.
            while (true)
            {
                var app = await NodeHost.StartAsync(b => b.AddSweepJournal(journal).AddCoToSweepCluster(node).AddCoordinatorRole(CoordinatorSettings.Cluster),
                    Interrupts.Token);
                health?.Watch(app.System());
                current = app.System();
                web ??= http is null ? null : await WebHosting.StartAsync(http, stateDir, journalText, journal,
                    new Web.SweepControl(() => current, $"/user/{ClusterRoles.GatewayName}", null), Interrupts.Token);
                app.System().ActorOf(StallRecorder.Props(stalls =>
                {
                    held?.RecordStalls(stalls);
                    heartbeat?.RecordStalls(stalls);
                }), "stall-recorder");
                Log.Information("Coordinator node listening on {Address} ({Role}), journal {Journal}",
                    node.SeedAddress(self), standby ? "standby" : "active", journal.IsSqlite ? journal.ConnectionString : journal.Provider);
                try { await app.System().WhenTerminated.WaitAsync(Interrupts.Token); }
                catch (OperationCanceledException) { health?.Leaving(); throw; }
                finally { await NodeHost.StopAsync(app); }
                Log.Warning("Coordinator node was removed from the cluster; starting again");
            }
        }
        catch (OperationCanceledException) when (Interrupts.Token.IsCancellationRequested)
        {
            Log.Information("Coordinator node left the cluster and stopped ({Signal})", Interrupts.Signal);
            return Interrupts.NodeExitCode;
        }
        finally
        {
            if (web is not null) await web.DisposeAsync();
            await Log.CloseAndFlushAsync();
        }
    }
}
