using System.ComponentModel;
using CoToSweep.Cli.Health;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Asks the health endpoint of the node running on this machine (the image's HEALTHCHECK, an exec probe):
/// exit 0 when it answers 200, 1 otherwise.
/// </summary>
public sealed class HealthCommand : AsyncCommand<HealthCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--ready")]
        [Description("Ask for readiness (joined, with a reachable coordinator) instead of liveness.")]
        public bool Ready { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("The node's --health-port (default $COTOSWEEP_HEALTH_PORT, else 8558).")]
        public int? Port { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var port = EnvironmentVariables.HealthPort.Or(settings.Port) ?? HealthEndpoint.DefaultPort;
        if (port is < 1 or > 65535) throw new UserError($"--port: {port} is not a port");
        var url = $"http://127.0.0.1:{port}{(settings.Ready ? HealthEndpoint.ReadyPath : HealthEndpoint.LivePath)}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url, Interrupts.Token);
            var body = (await response.Content.ReadAsStringAsync(Interrupts.Token)).Trim();
            Console.Out.WriteLine($"{url}: {(int)response.StatusCode} {body}");
            return response.IsSuccessStatusCode ? ExitCodes.Done : ExitCodes.Failed;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !Interrupts.Token.IsCancellationRequested)
        {
            Console.Error.WriteLine($"{url}: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
