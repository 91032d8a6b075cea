using System.ComponentModel;
using Akka.Actor;
using Akka.Remote.Hosting;
using CoToSweep.Actors.Cluster;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Domain.Sweeps;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>Validates a sweep file and hands it to a running coordinator; prints the sweep id.</summary>
public sealed class SubmitCommand : AsyncCommand<SubmitCommand.Settings>
{
    public sealed class Settings : NodeSettings
    {
        [CommandArgument(0, "<SWEEP>")]
        public string File { get; init; } = "";

        [CommandOption("--coordinator <HOST:PORT>")]
        [Description("A coordinator node (required). $COTOSWEEP_COORDINATOR")]
        public string? Coordinator { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var definition = SweepFiles.Load(settings.File);
        var coordinator = EnvironmentVariables.Coordinator.Or(settings.Coordinator)
            ?? throw new UserError("submit needs --coordinator HOST:PORT, or COTOSWEEP_COORDINATOR");
        var (host, port) = NodeSettings.HostPort("--coordinator", coordinator);
        var self = settings.AdvertisedHost();
        var node = new ClusterNodeSettings(self, 0, [], [], settings.Tls(), ClusterNodeSettings.DefaultStableAfter, ClusterNodeSettings.DefaultRejoinAfter);
        var client = await NodeHost.StartAsync(b =>
        {
            var remote = new RemoteOptions { HostName = self, Port = 0 };
            b.WithRemoting(remote);
            if (node.Tls is not null) b.AddCoToSweepCluster(node);   // TLS settings come with the cluster transport
        }, Interrupts.Token);
        try
        {
            var gateway = client.System().ActorSelection($"{node.SeedAddress($"{host}:{port}")}/user/{ClusterRoles.GatewayName}");
            var accepted = await gateway.Ask<SweepCoordinator.SweepAccepted>(
                new SweepCommands.SubmitSweep(definition, DateTimeOffset.UtcNow), TimeSpan.FromSeconds(30), Interrupts.Token);
            Console.Out.WriteLine(accepted.SweepId);
            return ExitCodes.Done;
        }
        catch (AskTimeoutException)
        {
            throw new UserError($"no coordinator answered at {host}:{port} within 30 s", ExitCodes.Failed);
        }
        finally
        {
            // stdout is the sweep id and nothing else (scripts do ID=$(cotosweep submit …)); while the client stops,
            // Akka's fallback console logger prints "Remoting shut down" lines: they go to stderr.
            Console.Out.Flush();
            Console.SetOut(Console.Error);
            await NodeHost.StopAsync(client);
        }
    }
}
