using System.Text;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// A GitHub-flavoured Markdown table (no title, so it pastes anywhere): numbers right-aligned, readable
/// precision, <c>|</c> escaped as <c>\|</c>, line breaks as spaces.
/// </summary>
public static class MarkdownRenderer
{
    public static string Render(Board board)
    {
        var sb = new StringBuilder();
        Row(sb, board.Columns.Select(c => c.Name));
        Row(sb, board.Columns.Select(c => c.Numeric ? "---:" : "---"), escape: false);
        foreach (var row in board.Rows) Row(sb, row.Select(CellText.Readable));
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, IEnumerable<string> cells, bool escape = true)
    {
        sb.Append('|');
        foreach (var c in cells) sb.Append(' ').Append(escape ? Escape(c) : c).Append(" |");
        sb.Append('\n');
    }

    public static string Escape(string text) => CellText.OneLine(text).Replace("|", "\\|");
}
