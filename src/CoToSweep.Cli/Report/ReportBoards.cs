using System.Text;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Report;

/// <summary>Every board of <see cref="BoardKinds.All"/> that applies to the sweep, as a Markdown table.</summary>
internal static class ReportBoards
{
    public static ReportSection Write(SweepState state)
    {
        var body = new StringBuilder();
        var skipped = new List<string>();
        foreach (var kind in BoardKinds.All)
        {
            if (WhyNot(kind, state) is { } reason) { skipped.Add($"`{kind.Name}` ({reason})"); continue; }
            var board = kind.Build(state, BoardOptions.Default);
            body.Append($"### `{kind.Name}` board\n\n{Sentence(kind.Description)} {board.Title}.\n\n");
            body.Append(board.Rows.Count == 0 ? "(no rows yet)\n" : BoardRenderer.Render(board, BoardFormat.Md)).Append('\n');
        }
        var text = "The ranked tables of `cotosweep leaderboard`, as `--format md` prints them (all rows, all metrics).";
        if (skipped.Count > 0) text += $" Left out, as `leaderboard` refuses them for this sweep: {string.Join(", ", skipped)}.";
        return new ReportSection("Boards", text, [], body.ToString());
    }

    /// <summary>
    /// Why a board does not apply, or null when it does: a board of an analysis needs the sweep to ask for that analysis,
    /// as <c>leaderboard --board</c> requires.
    /// </summary>
    public static string? WhyNot(BoardKind kind, SweepState state) =>
        BoardKinds.AnalysisOf(kind) is { } analysis && !AnalysisKinds.Get(analysis).IsWanted(state.Spec!)
            ? $"no analysis.{analysis} block" : null;

    private static string Sentence(string text) => text.Length == 0 ? "" : char.ToUpperInvariant(text[0]) + text[1..] + ".";
}
