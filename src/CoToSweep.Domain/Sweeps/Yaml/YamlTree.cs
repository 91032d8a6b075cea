using System.Globalization;

namespace CoToSweep.Domain.Sweeps.Yaml;

/// <summary>Where a node starts in the sweep file (1-based), so that every problem can be reported as file:line:col.</summary>
public readonly record struct Position(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>
/// A minimal YAML document tree that keeps positions and duplicate keys (YamlDotNet's representation model
/// throws on duplicates without saying where, and we must report each problem with its position).
/// </summary>
public abstract record YNode(Position At);

public sealed record YScalar(Position At, string Text, bool Quoted) : YNode(At)
{
    public bool IsNull => !Quoted && Text is "" or "~" or "null" or "Null" or "NULL";
    public bool IsBool(out bool value)
    {
        value = Text is "true" or "True" or "TRUE";
        return !Quoted && (value || Text is "false" or "False" or "FALSE");
    }

    public bool IsInteger(out long value)
    {
        value = 0;
        if (Quoted) return false;
        var t = Text.Replace("_", "");
        if (t.StartsWith("0x", StringComparison.Ordinal))
            return long.TryParse(t[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
        return long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public bool IsNumber(out double value)
    {
        value = 0;
        if (Quoted) return false;
        if (IsInteger(out var l)) { value = l; return true; }
        var t = Text.Replace("_", "");
        switch (t)
        {
            case ".inf" or ".Inf" or "+.inf": value = double.PositiveInfinity; return true;
            case "-.inf" or "-.Inf": value = double.NegativeInfinity; return true;
            case ".nan" or ".NaN": value = double.NaN; return true;
        }
        return t.Length > 0 && (char.IsDigit(t[0]) || t[0] is '-' or '+' or '.')
            && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The typed value of a plain scalar (YAML 1.2 core schema); quoted scalars are strings.</summary>
    public ParamValue ToParamValue()
    {
        if (IsBool(out var b)) return ParamValue.Of(b);
        if (IsInteger(out var l)) return ParamValue.Of(l);
        if (IsNumber(out var d)) return ParamValue.Of(d);
        return ParamValue.Of(Text);
    }
}

public sealed record YSequence(Position At, IReadOnlyList<YNode> Items) : YNode(At);

public sealed record YEntry(YScalar Key, YNode Value);

public sealed record YMapping(Position At, IReadOnlyList<YEntry> Entries) : YNode(At)
{
    public YNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Text == key)?.Value;
}
