using System.ComponentModel;
using CoToSweep.Cli.Report;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>A sweep's report: <c>report.md</c> and PNG plots in <c>--out</c>, read from the journal (never written).</summary>
public sealed class ReportCommand : Command<ReportCommand.Settings>
{
    public sealed class Settings : StateSettings
    {
        [CommandArgument(0, "<SWEEP_ID>")]
        public string SweepId { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("Folder for report.md and the plots (created if missing; the same files are overwritten on a second run).")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out DIR is required") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var catalog = settings.OpenCatalog();
        var id = catalog.Resolve(settings.SweepId) ?? throw new UserError($"no sweep '{settings.SweepId}' in {settings.Source}");
        var state = catalog.Load(id) ?? throw new UserError($"sweep {id} has no events yet");
        if (state.Spec is null) throw new UserError($"sweep {id} has not been submitted yet");
        var outDir = Path.GetFullPath(settings.Out!);
        if (File.Exists(outDir)) throw new UserError($"--out {settings.Out}: is a file, not a folder");
        var output = ReportWriter.Write(state, outDir);
        Console.Out.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, output.Markdown)} and {output.Images.Count} plot{(output.Images.Count == 1 ? "" : "s")}");
        return ExitCodes.Done;
    }
}
