using System.ComponentModel;
using CoToSweep.Cli.Boards;
using CoToSweep.Cli.Parsing;
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
        [Description("trials (default) | configs (seeds collapsed: mean, std, n, 95% interval) | shapley | merge | merge-configs | prune | prune-configs")]
        public string Board { get; init; } = "trials";

        [CommandOption("--format <FORMAT>")]
        [Description("table (default) | csv | json | md")]
        public string Format { get; init; } = "table";

        [CommandOption("--metrics <LIST>")]
        [Description("Only these metrics' columns (comma-separated; a name keeps its _mean, _std, … columns too; the objective always stays).")]
        public string? Metrics { get; init; }

        [CommandOption("--top <N>")]
        [Description("Only the N best ranked rows.")]
        public int? Top { get; init; }

        [CommandOption("--columns <LIST>")]
        [Description("Only these columns (comma-separated names; the objective always stays).")]
        public string? Columns { get; init; }

        [CommandOption("--wide")]
        [Description("Every column in the table format (by default a table is fitted to the terminal, 160 columns when piped, and says what it left out).")]
        public bool Wide { get; init; }

        public override ValidationResult Validate() => Top is < 1 ? ValidationResult.Error("--top must be at least 1") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (BoardKinds.NotYet.Contains(settings.Board)) throw new UserError($"board '{settings.Board}' is not supported yet");
        var kind = BoardKinds.Find(settings.Board)
                   ?? throw UserError.Usage($"cotosweep leaderboard: --board must be one of {string.Join(", ", BoardKinds.All.Select(k => k.Name))}, not '{settings.Board}'" +
                                            Suggest.DidYouMean(settings.Board, BoardKinds.All.Select(k => k.Name)));
        if (!BoardFormats.TryParse(settings.Format, out var format))
            throw UserError.Usage($"cotosweep leaderboard: --format must be one of {string.Join(", ", BoardFormats.Names)}, not '{settings.Format}'" +
                                  Suggest.DidYouMean(settings.Format, BoardFormats.Names));
        var catalog = settings.OpenCatalog();
        var id = catalog.Resolve(settings.SweepId) ?? throw new UserError($"no sweep '{settings.SweepId}' in {settings.Source}");
        var options = new BoardOptions(settings.Top);
        // A big sweep's trials board with --top comes from its overview (a few kilobytes); the other boards need every trial.
        var board = settings.Top is not null && catalog.LoadOverview(id) is { } overview ? kind.FromOverview(overview, options) : null;
        if (board is null)
        {
            var state = catalog.Load(id) ?? throw new UserError($"sweep {id} has no events yet");
            if (BoardKinds.AnalysisOf(kind) is { } analysis && state.Spec is { } spec && !Domain.Analyses.AnalysisKinds.Get(analysis).IsWanted(spec))
                throw new UserError($"sweep {id} has no {analysis} analysis (add 'analysis: {{ {analysis}: {{ … }} }}' to its sweep file; see the README)");
            board = kind.Build(state, options);
        }
        if (settings.Metrics is { } metrics) board = BoardPrinter.Metrics(board, metrics);
        if (settings.Columns is { } columns) board = BoardPrinter.Columns(board, columns);
        // Named columns are shown as asked; otherwise a table is fitted to the terminal.
        BoardPrinter.Print(Console.Out, board, format, wide: settings.Wide || settings.Columns is not null);
        return ExitCodes.Done;
    }
}
