using System.Globalization;
using System.Text.RegularExpressions;

namespace CoToSweep.Domain.Sweeps;

/// <summary>Durations in sweep files: a number of seconds, or units like <c>90s</c>, <c>30m</c>, <c>1h30m</c>, <c>500ms</c>.</summary>
public static partial class Duration
{
    [GeneratedRegex(@"^\s*(?:(\d+(?:\.\d+)?)(ms|s|m|h|d))+\s*$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h|d)")]
    private static partial Regex Part();

    public static bool TryParseSeconds(string text, out double seconds)
    {
        seconds = 0;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds)) return double.IsFinite(seconds) && seconds > 0;
        if (!Pattern().IsMatch(text)) return false;
        foreach (Match m in Part().Matches(text))
        {
            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            seconds += m.Groups[2].Value switch { "ms" => v / 1000, "s" => v, "m" => v * 60, "h" => v * 3600, _ => v * 86400 };
        }
        return double.IsFinite(seconds) && seconds > 0;
    }
}
