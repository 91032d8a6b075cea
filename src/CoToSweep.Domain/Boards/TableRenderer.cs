using System.Text;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// Plain aligned text for a terminal or a log: the title, the header, a rule, one line per row; columns two
/// spaces apart, numbers right-aligned, readable precision (<see cref="CellText.Readable(object?)"/>), no colour.
/// </summary>
public static class TableRenderer
{
    public const string Gap = "  ";

    public static string Render(Board board)
    {
        var header = board.Columns.Select(c => c.Name).ToArray();
        var cells = board.Rows.Select(r => r.Select(CellText.Readable).ToArray()).ToList();
        var widths = header.Select((h, i) => cells.Aggregate(h.Length, (w, row) => Math.Max(w, row[i].Length))).ToArray();

        var sb = new StringBuilder();
        sb.Append(CellText.OneLine(board.Title)).Append('\n');
        Line(sb, header, widths, board.Columns);
        Line(sb, widths.Select(w => new string('-', w)).ToArray(), widths, board.Columns);
        foreach (var row in cells) Line(sb, row, widths, board.Columns);
        if (cells.Count == 0) sb.Append("(no rows)\n");
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string[] texts, int[] widths, IReadOnlyList<BoardColumn> columns)
    {
        var line = new StringBuilder();
        for (var i = 0; i < texts.Length; i++)
        {
            if (i > 0) line.Append(Gap);
            line.Append(columns[i].Numeric ? texts[i].PadLeft(widths[i]) : texts[i].PadRight(widths[i]));
        }
        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
