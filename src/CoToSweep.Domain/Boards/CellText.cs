using System.Globalization;

namespace CoToSweep.Domain.Boards;

/// <summary>How a cell reads as text: exactly (CSV; parses back to the same value) or for people (table, md).</summary>
public static class CellText
{
    /// <summary>
    /// Invariant culture; doubles in round-trip form ("R": <c>0.1</c>, <c>1E-05</c>, <c>NaN</c>, <c>Infinity</c>),
    /// integers as digits, booleans <c>true</c>/<c>false</c>, missing as the empty string.
    /// </summary>
    public static string Exact(object? cell) => cell switch
    {
        null => "",
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// Doubles to 4 significant digits without trailing zeros (<c>0.8123</c>, <c>12.35</c>, <c>1235</c>, <c>0.1</c>,
    /// <c>10</c>), in scientific notation below 0.001 or from 1e6 on (<c>3.162e-04</c>, <c>1e-04</c>); everything
    /// else as <see cref="Exact"/>, on one line.
    /// </summary>
    public static string Readable(object? cell) => cell switch
    {
        double d => Readable(d),
        string s => OneLine(s),
        _ => Exact(cell),
    };

    public static string Readable(double d)
    {
        if (!double.IsFinite(d)) return Exact(d);
        if (d == 0) return "0";
        var a = Math.Abs(d);
        if (a < 1e-3 || a >= 1e6)
        {
            var text = d.ToString("0.000e+00", CultureInfo.InvariantCulture);
            var e = text.IndexOf('e');
            return TrimZeros(text[..e]) + text[e..];
        }
        var decimals = Math.Max(0, 3 - (int)Math.Floor(Math.Log10(a)));
        return TrimZeros(d.ToString("F" + decimals, CultureInfo.InvariantCulture));
    }

    private static string TrimZeros(string number) =>
        number.Contains('.') ? number.TrimEnd('0').TrimEnd('.') : number;

    /// <summary>Line breaks and tabs become spaces, so that a multi-line failure reason stays in its row.</summary>
    public static string OneLine(string s) =>
        s.IndexOfAny(['\r', '\n', '\t']) < 0 ? s : s.Replace("\r\n", " ").Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ');
}
