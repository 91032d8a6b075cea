using System.ComponentModel;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>Options every verb takes.</summary>
public class GlobalSettings : CommandSettings
{
    [CommandOption("--debug")]
    [Description("Print stack traces of unexpected errors.")]
    public bool Debug { get; init; }

    [CommandOption("--verbose")]
    [Description("Also show Akka's own log lines on the terminal (they always go to the log file).")]
    public bool Verbose { get; init; }
}
