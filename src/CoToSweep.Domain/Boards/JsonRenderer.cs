using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// An indented JSON array with one object per row, properties in column order: numbers as numbers (a double
/// keeps a decimal point or exponent, <c>2.0</c>; exact round-trip digits), booleans, strings, <c>null</c> for
/// missing. JSON has no NaN or infinity: those are written as the strings <c>"NaN"</c>, <c>"Infinity"</c>,
/// <c>"-Infinity"</c> (what System.Text.Json reads with <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c>).
/// </summary>
public static class JsonRenderer
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(Board board)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartArray();
            foreach (var row in board.Rows)
            {
                w.WriteStartObject();
                for (var i = 0; i < board.Columns.Count; i++)
                {
                    w.WritePropertyName(board.Columns[i].Name);
                    Write(w, row[i]);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Write(Utf8JsonWriter w, object? cell)
    {
        switch (cell)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case long l: w.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): w.WriteRawValue(ParamValue.JsonNumberText(d)); break;
            case double d: w.WriteStringValue(CellText.Exact(d)); break;
            case bool b: w.WriteBooleanValue(b); break;
            default: w.WriteStringValue(CellText.Exact(cell)); break;
        }
    }
}
