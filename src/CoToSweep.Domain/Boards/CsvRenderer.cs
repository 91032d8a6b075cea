using System.Text;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// RFC 4180 CSV: a header of column names, then one record per row; cells in <see cref="CellText.Exact"/> form
/// (missing is empty); a field holding a comma, quote, CR or LF is quoted, quotes doubled. Records end with LF
/// (not CRLF: friendlier to Unix tools, and every RFC 4180 reader accepts it).
/// </summary>
public static class CsvRenderer
{
    public static string Render(Board board)
    {
        var sb = new StringBuilder();
        Record(sb, board.Columns.Select(c => c.Name));
        foreach (var row in board.Rows) Record(sb, row.Select(CellText.Exact));
        return sb.ToString();
    }

    private static void Record(StringBuilder sb, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var f in fields)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append(Field(f));
        }
        sb.Append('\n');
    }

    public static string Field(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
