using CoToSweep.Cli.Parsing;
using CoToSweep.Domain.Boards;

namespace CoToSweep.Cli.Boards;

/// <summary>
/// How the CLI narrows and prints a board: <c>--metrics</c> and <c>--columns</c> pick columns (the columns the board
/// is ranked by always stay); the <c>table</c> format is then fitted to the terminal (160 columns when output is not
/// one) with a footer naming what was left out, unless <c>--wide</c>; csv, json and md keep every column.
/// </summary>
public static class BoardPrinter
{
    public static int Width => !Console.IsOutputRedirected && Console.WindowWidth >= 40 ? Console.WindowWidth : BoardFit.DefaultWidth;

    /// <summary>Only these metrics' columns (a name keeps its <c>_mean</c>, <c>_std</c>, … columns too) and the ranking ones.</summary>
    public static Board Metrics(Board board, string list)
    {
        var (kept, unknown) = BoardText.Metrics(board, Split(list));
        if (unknown.Count > 0)
            throw new UserError($"--metrics: no metric column {string.Join(", ", unknown.Select(m => $"'{m}'"))} on this board" +
                                Suggest.DidYouMean(unknown[0], board.Columns.Where(c => c.Kind == ColumnKind.Metric).Select(c => c.Name)));
        return kept;
    }

    /// <summary>Only these columns (and the ranking ones), in the board's order.</summary>
    public static Board Columns(Board board, string list)
    {
        var wanted = Split(list);
        var unknown = wanted.Where(n => board.IndexOf(n) < 0).ToList();
        if (unknown.Count > 0)
            throw new UserError($"--columns: no column {string.Join(", ", unknown.Select(m => $"'{m}'"))} on this board" +
                                Suggest.DidYouMean(unknown[0], board.Columns.Select(c => c.Name)));
        return board.Project(c => board.IsRanking(c) || wanted.Contains(c.Name));
    }

    public static void Print(TextWriter output, Board board, BoardFormat format, bool wide = false) =>
        output.Write(BoardText.Render(board, format, Width, wide));

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
