namespace CoToSweep.Domain.Boards;

/// <summary>A board narrowed to a width, and the columns that were left out to get there.</summary>
public sealed record FittedBoard(Board Board, IReadOnlyList<string> LeftOut);

/// <summary>
/// Narrows a board for a terminal (the <c>table</c> format only; csv, json and md keep every column). What stays, in
/// this order until the width is used: the bookkeeping columns (rank, trial, status, counts …) and the columns the
/// board is ranked by (never dropped), then the parameters, then the other metrics in the board's order, then the
/// rest of the numbers. Long text cells (a failure reason) are shortened to <see cref="MaxText"/> characters.
/// Kept columns stay in the board's order.
/// </summary>
public static class BoardFit
{
    public const int DefaultWidth = 160;

    public const int MaxText = 48;

    public static FittedBoard Fit(Board board, int width)
    {
        var shortened = board.MapCells((c, cell) => cell is string s && c.Kind == ColumnKind.Text && s.Length > MaxText ? s[..(MaxText - 1)] + "…" : cell);
        var widths = shortened.Columns.Select((c, i) =>
            shortened.Rows.Aggregate(c.Name.Length, (w, row) => Math.Max(w, CellText.Readable(row[i]).Length))).ToArray();
        var order = Enumerable.Range(0, board.Columns.Count).OrderBy(i => Priority(board, board.Columns[i])).ThenBy(i => i).ToList();
        var kept = new HashSet<int>();
        var used = -TableRenderer.Gap.Length;
        foreach (var i in order)
        {
            var need = widths[i] + TableRenderer.Gap.Length;
            var must = Priority(board, board.Columns[i]) == 0;
            if (!must && used + need > width) continue;
            kept.Add(i);
            used += need;
        }
        var leftOut = Enumerable.Range(0, board.Columns.Count).Where(i => !kept.Contains(i)).Select(i => board.Columns[i].Name).ToList();
        var names = kept.Select(i => board.Columns[i].Name).ToHashSet();
        return new FittedBoard(shortened.Project(c => names.Contains(c.Name)), leftOut);
    }

    /// <summary>0: always kept; 1: parameters; 2: metrics; 3: other numbers that are not bookkeeping (seconds).</summary>
    private static int Priority(Board board, BoardColumn c) =>
        board.IsRanking(c) ? 0
        : c.Kind == ColumnKind.Param ? 1
        : c.Kind == ColumnKind.Metric ? 2
        : c.Name.EndsWith("_seconds", StringComparison.Ordinal) ? 3
        : 0;

    /// <summary>
    /// The footer under a narrowed table: what was left out, wrapped at <paramref name="width"/>, and how to see it.
    /// Empty when nothing was.
    /// </summary>
    public static IReadOnlyList<string> Footer(FittedBoard fitted, int width)
    {
        if (fitted.LeftOut.Count == 0) return [];
        var lines = new List<string>();
        var line = $"{fitted.LeftOut.Count} column(s) left out to fit {width} columns:";
        foreach (var name in fitted.LeftOut)
        {
            if (line.Length + 1 + name.Length + 1 > width)
            {
                lines.Add(line);
                line = " ";
            }
            line += " " + name + (name == fitted.LeftOut[^1] ? "" : ",");
        }
        lines.Add(line);
        lines.Add("show them with --metrics a,b, --columns a,b or --wide (all); csv, json and md have every column");
        return lines;
    }
}
