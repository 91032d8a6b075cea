namespace CoToSweep.Domain.Boards;

/// <summary>
/// A board as text, the way <c>leaderboard</c> prints it and the HTTP API serves it: csv, json and md keep every
/// column; a table is fitted to <c>width</c> columns with a footer naming what was left out, unless <c>wide</c>.
/// </summary>
public static class BoardText
{
    public static string Render(Board board, BoardFormat format, int width = BoardFit.DefaultWidth, bool wide = false)
    {
        if (format != BoardFormat.Table || wide) return BoardRenderer.Render(board, format);
        var fitted = BoardFit.Fit(board, width);
        var text = new System.Text.StringBuilder(BoardRenderer.Render(fitted.Board, format));
        foreach (var line in BoardFit.Footer(fitted, width)) text.Append(line).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// Only these metrics' columns (a name keeps its <c>_mean</c>, <c>_std</c>, … columns too) and the ranking ones;
    /// <c>Unknown</c>: the names no metric column has.
    /// </summary>
    public static (Board Board, IReadOnlyList<string> Unknown) Metrics(Board board, IReadOnlyList<string> wanted)
    {
        var unknown = wanted.Where(m => !board.Columns.Any(c => c.Kind == ColumnKind.Metric && Keeps(c.Name, m))).ToList();
        return (board.Project(c => c.Kind != ColumnKind.Metric || board.IsRanking(c) || wanted.Any(m => Keeps(c.Name, m))), unknown);
    }

    private static bool Keeps(string column, string metric) => column == metric || column.StartsWith(metric + "_", StringComparison.Ordinal);
}
