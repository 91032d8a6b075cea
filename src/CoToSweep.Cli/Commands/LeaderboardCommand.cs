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
        [Description("trials (default) | configs (seeds collapsed: mean, std, n, 95% interval) | shapley | merge | merge-configs | prune | prune-configs")]
        public string Board { get; init; } = "trials";

        [CommandOption("--format <FORMAT>")]
        [Description("table (default) | csv | json | md")]
        public string Format { get; init; } = "table";

        [CommandOption("--metrics <LIST>")]
        [Description("Only these metrics' columns (comma-separated; a name keeps its _mean, _std, … columns too).")]
        public string? Metrics { get; init; }

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
        if (BoardKinds.AnalysisOf(kind) is { } analysis && state.Spec is { } spec && !Domain.Analyses.AnalysisKinds.Get(analysis).IsWanted(spec))
            throw new UserError($"sweep {id} has no {analysis} analysis (add 'analysis: {{ {analysis}: {{ … }} }}' to its sweep file; see the README)");
        var board = kind.Build(state, new BoardOptions(settings.Top));
        if (settings.Metrics is { } list)
        {
            var wanted = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var unknown = wanted.Where(m => !board.Columns.Any(c => c.Kind == ColumnKind.Metric && Keeps(c.Name, m))).ToList();
            if (unknown.Count > 0) throw new UserError($"--metrics: no metric column {string.Join(", ", unknown.Select(m => $"'{m}'"))} on this board");
            board = board.Project(c => c.Kind != ColumnKind.Metric || wanted.Any(m => Keeps(c.Name, m)));
        }
        Console.Out.Write(BoardRenderer.Render(board, format));
        return ExitCodes.Done;
    }

    private static bool Keeps(string column, string metric) => column == metric || column.StartsWith(metric + "_", StringComparison.Ordinal);
}
