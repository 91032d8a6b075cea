using System.Text;

namespace CoToSweep.Domain.Tests.Boards;

/// <summary>A small but real RFC 4180 reader (quoted fields with commas, doubled quotes and line breaks; CRLF or LF).</summary>
internal static class CsvReader
{
    public static List<List<string>> Read(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var fieldStarted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; fieldStarted = true; break;
                case '"': throw new FormatException($"a quote inside an unquoted field at {i}");
                case ',': record.Add(field.ToString()); field.Clear(); fieldStarted = true; break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n': break;
                case '\n' or '\r':
                    record.Add(field.ToString());
                    records.Add(record);
                    record = [];
                    field.Clear();
                    fieldStarted = false;
                    break;
                default: field.Append(c); fieldStarted = true; break;
            }
        }
        if (quoted) throw new FormatException("unterminated quoted field");
        if (fieldStarted || field.Length > 0 || record.Count > 0) { record.Add(field.ToString()); records.Add(record); }
        return records;
    }
}
