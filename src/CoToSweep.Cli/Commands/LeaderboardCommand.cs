using System.ComponentModel;
using CoToSweep.Domain.Boards;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>A ranked board of one sweep in table, CSV, JSON or Markdown, read from the journal.</summary>
public sealed class LeaderboardCommand : Command<LeaderboardCommand.Settings>
{
    public sealed class Settings : StateSettings
    {
        [CommandArgument(0, "<SWEEP_ID>")]
        public string SweepId { get; init; } = "";

        [CommandOption("--board <BOARD>")]
        [Description("trials (default) | configs (seeds collapsed: mean, std, n, 95% interval)")]
        public string Board { get; init; } = "trials";

        [CommandOption("--format <FORMAT>")]
        [Description("table (default) | csv | json | md")]
        public string Format { get; init; } = "table";

        [CommandOption("--top <N>")]
        [Description("Only the N best ranked rows.")]
        public int? Top { get; init; }

        public override ValidationResult Validate() => Top is < 1 ? ValidationResult.Error("--top must be at least 1") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (BoardKinds.NotYet.Contains(settings.Board)) throw new UserError($"board '{settings.Board}' is not supported yet");
        var kind = BoardKinds.Find(settings.Board)
                   ?? throw new UserError($"--board must be one of {string.Join(", ", BoardKinds.All.Select(k => k.Name))}, not '{settings.Board}'");
        if (!BoardFormats.TryParse(settings.Format, out var format))
            throw new UserError($"--format must be one of {string.Join(", ", BoardFormats.Names)}, not '{settings.Format}'");
        var catalog = settings.OpenCatalog();
        var id = catalog.Resolve(settings.SweepId) ?? throw new UserError($"no sweep '{settings.SweepId}' in {settings.Source}");
        var state = catalog.Load(id) ?? throw new UserError($"sweep {id} has no events yet");
        Console.Out.Write(BoardRenderer.Render(kind.Build(state, new BoardOptions(settings.Top)), format));
        return ExitCodes.Done;
    }
}
