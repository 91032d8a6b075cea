using System.ComponentModel;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>Options of verbs that steer one sweep (<c>cancel</c>, <c>pause</c>): in a state directory or through a cluster's coordinator.</summary>
public class SweepControlSettings : NodeSettings
{
    [CommandArgument(0, "<SWEEP_ID>")]
    [Description("The sweep (full id, a unique prefix or the name; with --coordinator the full id).")]
    public string SweepId { get; init; } = "";

    [CommandOption("--state <DIR>")]
    [Description("State directory (default ./.cotosweep). $COTOSWEEP_STATE")]
    public string? State { get; init; }

    [CommandOption("--coordinator <HOST:PORT>")]
    [Description("Go through a cluster's coordinator node instead of a state directory. $COTOSWEEP_COORDINATOR")]
    public string? Coordinator { get; init; }

    public override Spectre.Console.ValidationResult Validate() => State is not null && Coordinator is not null
        ? Spectre.Console.ValidationResult.Error("give --state or --coordinator, not both")
        : base.Validate();
}
