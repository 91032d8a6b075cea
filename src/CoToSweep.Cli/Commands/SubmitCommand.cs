using System.ComponentModel;
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
        var accepted = (Actors.Coordinator.SweepCoordinator.SweepAccepted)await ClusterClient.AskAsync(settings, coordinator,
            new SweepCommands.SubmitSweep(definition, DateTimeOffset.UtcNow));
        Console.Out.WriteLine(accepted.SweepId);
        return ExitCodes.Done;
    }
}
