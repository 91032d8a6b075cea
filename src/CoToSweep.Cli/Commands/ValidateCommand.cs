using System.ComponentModel;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

public sealed class ValidateCommand : Command<ValidateCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<SWEEP>")]
        [Description("Sweep definition (YAML).")]
        public string File { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var definition = SweepFiles.Load(settings.File);
        Console.Out.WriteLine($"{settings.File}: valid sweep '{definition.Id}', {Domain.Search.TrialPlanner.Plan(definition.Spec!).Count} trials");
        return ExitCodes.Done;
    }
}
