using System.ComponentModel;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Validates a sweep file and hands it to a running coordinator; prints the sweep id. A file that differs from a sweep
/// on the coordinator only in a bigger budget continues that sweep; a cancelled sweep or a shrunk budget is refused (exit 2).
/// </summary>
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
        var answer = await ClusterClient.AskAsync(settings, coordinator, new SweepCommands.SubmitSweep(definition, DateTimeOffset.UtcNow));
        if (answer is SweepCoordinator.SweepRefused refused) throw new UserError($"{settings.File}: {refused.Reason}");
        var accepted = (SweepCoordinator.SweepAccepted)answer;
        // An edited budget continues the journaled sweep of that file (its id, its finished trials).
        if (accepted.SweepId != definition.Id)
            Console.Error.WriteLine($"{settings.File}: continues sweep {accepted.SweepId} with its budget ({TrialPlanner.Target(definition.Spec!)} trials)");
        Console.Out.WriteLine(accepted.SweepId);
        return ExitCodes.Done;
    }
}
