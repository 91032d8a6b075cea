using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoToSweep.Domain.Sweeps;

public enum ParamKind { String, Integer, Number, Boolean }

/// <summary>
/// A scalar hyperparameter value. Kept typed (not a string) so that COTOSWEEP_PARAMS carries numbers as
/// numbers and boards sort numerically; serialized as the plain JSON value.
/// </summary>
[JsonConverter(typeof(ParamValueJsonConverter))]
public readonly record struct ParamValue(ParamKind Kind, string? Text, long Integer, double Number, bool Boolean)
{
    public static ParamValue Of(string s) => new(ParamKind.String, s, 0, 0, false);
    public static ParamValue Of(long i) => new(ParamKind.Integer, null, i, 0, false);
    public static ParamValue Of(double d) => new(ParamKind.Number, null, 0, d, false);
    public static ParamValue Of(bool b) => new(ParamKind.Boolean, null, 0, 0, b);

    public bool IsNumeric => Kind is ParamKind.Integer or ParamKind.Number;

    public double AsDouble() => Kind switch
    {
        ParamKind.Integer => Integer,
        ParamKind.Number => Number,
        ParamKind.Boolean => Boolean ? 1 : 0,
        _ => double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN,
    };

    /// <summary>The text substituted for a <c>{name}</c> placeholder and shown in tables.</summary>
    public override string ToString() => Kind switch
    {
        ParamKind.String => Text ?? "",
        ParamKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        ParamKind.Number => FormatNumber(Number),
        ParamKind.Boolean => Boolean ? "true" : "false",
        _ => "",
    };

    /// <summary>Shortest text that round-trips the double exactly (R format, invariant culture).</summary>
    public static string FormatNumber(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    public void WriteTo(Utf8JsonWriter w)
    {
        switch (Kind)
        {
            case ParamKind.String: w.WriteStringValue(Text); break;
            case ParamKind.Integer: w.WriteNumberValue(Integer); break;
            case ParamKind.Number: w.WriteRawValue(JsonNumberText(Number)); break;
            case ParamKind.Boolean: w.WriteBooleanValue(Boolean); break;
        }
    }

    /// <summary>A double as JSON that reads back as a double (2.0 stays "2.0", never the integer 2).</summary>
    public static string JsonNumberText(double d)
    {
        if (!double.IsFinite(d)) throw new JsonException($"parameter value {d} is not a finite number");
        var t = FormatNumber(d);
        return t.IndexOfAny(['.', 'E', 'e']) >= 0 ? t : t + ".0";
    }

    public static ParamValue ReadFrom(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.String => Of(r.GetString()!),
        JsonTokenType.True => Of(true),
        JsonTokenType.False => Of(false),
        JsonTokenType.Number when r.TryGetInt64(out var l) && !HasFraction(ref r) => Of(l),
        JsonTokenType.Number => Of(r.GetDouble()),
        _ => throw new JsonException($"a parameter value must be a scalar, not {r.TokenType}"),
    };

    // 1.0 written by an earlier writer stays a Number: integers are written without a decimal point.
    private static bool HasFraction(ref Utf8JsonReader r)
    {
        ReadOnlySpan<byte> span = r.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(r.ValueSequence) : r.ValueSpan;
        return span.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0;
    }
}

public sealed class ParamValueJsonConverter : JsonConverter<ParamValue>
{
    public override ParamValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ParamValue.ReadFrom(ref reader);

    public override void Write(Utf8JsonWriter writer, ParamValue value, JsonSerializerOptions options) =>
        value.WriteTo(writer);
}
