using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// One metric line printed by a <c>command</c> trial: <c>cotosweep {"step": 100, "val_acc": 0.81}</c> (the prefix
/// <c>cotosweep </c> at the start of the line, after optional whitespace). <c>step</c> is the step; every other numeric
/// key is a metric. NaN and ±Infinity are accepted as bare tokens (Python's <c>json.dumps</c> writes them) and as
/// strings ("NaN", "inf", "-Infinity"); booleans, other strings, arrays and objects are ignored. A line with the
/// prefix whose JSON is malformed yields a <see cref="Warning"/> and no metrics: it never fails the trial.
/// </summary>
public sealed record MetricLine(long? Step, IReadOnlyDictionary<string, double> Metrics, string? Warning)
{
    public const string Prefix = "cotosweep ";

    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    /// <summary>The parsed line, or null when the line is not a metric line (no prefix): ordinary output.</summary>
    public static MetricLine? Parse(string line)
    {
        var text = line.AsSpan().TrimStart();
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var json = text[Prefix.Length..].Trim();
        try
        {
            using var doc = JsonDocument.Parse(QuoteNonFiniteTokens(json));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return Warn($"metric line is not a JSON object: {Shorten(json)}");
            long? step = null;
            var metrics = new Dictionary<string, double>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!TryNumber(property.Value, out var value)) continue;
                if (property.Name == "step")
                {
                    if (double.IsFinite(value) && value == Math.Floor(value) && Math.Abs(value) < 9.0e18) step = (long)value;
                    continue;
                }
                metrics[property.Name] = value;
            }
            return new MetricLine(step, metrics, null);
        }
        catch (JsonException e)
        {
            return Warn($"malformed metric line ({e.Message.Split(" Path:")[0].TrimEnd('.')}): {Shorten(json)}");
        }
    }

    private static MetricLine Warn(string warning) => new(null, NoMetrics, warning);

    private static bool TryNumber(JsonElement e, out double value)
    {
        value = 0;
        switch (e.ValueKind)
        {
            case JsonValueKind.Number:
                return e.TryGetDouble(out value);
            case JsonValueKind.String:
                return TryNonFinite(e.GetString()!, out value);
            default:
                return false;
        }
    }

    private static bool TryNonFinite(string s, out double value)
    {
        value = s.Trim().ToLowerInvariant() switch
        {
            "nan" or "-nan" or "+nan" => double.NaN,
            "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            _ => 0,
        };
        return value != 0;
    }

    /// <summary>Rewrites bare <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> outside strings as JSON strings.</summary>
    private static string QuoteNonFiniteTokens(ReadOnlySpan<char> json)
    {
        if (json.IndexOfAny('N', 'I') < 0) return json.ToString();
        var sb = new StringBuilder(json.Length + 8);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < json.Length) sb.Append(json[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') { inString = true; sb.Append(c); continue; }
            var token = MatchToken(json, i);
            if (token is not null)
            {
                sb.Append('"').Append(token).Append('"');
                i += token.Length - 1;
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string? MatchToken(ReadOnlySpan<char> json, int i)
    {
        if (i > 0 && IsWordChar(json[i - 1])) return null;
        foreach (var token in (ReadOnlySpan<string>)["-Infinity", "Infinity", "NaN"])
        {
            if (!json[i..].StartsWith(token, StringComparison.Ordinal)) continue;
            var end = i + token.Length;
            if (end < json.Length && IsWordChar(json[end])) return null;
            return token;
        }
        return null;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '+' or '-';

    private static string Shorten(ReadOnlySpan<char> s) =>
        s.Length <= 120 ? s.ToString() : string.Create(CultureInfo.InvariantCulture, $"{s[..117]}...");
}
