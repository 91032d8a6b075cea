namespace CoToSweep.Cli.Parsing;

/// <summary>"Did you mean": the closest known name within a small edit distance.</summary>
public static class Suggest
{
    /// <summary><c> (did you mean '--workers'?)</c>, or the empty string when nothing is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> known) =>
        Closest(typed, known) is { } name ? $" (did you mean '{name}'?)" : "";

    public static string? Closest(string typed, IEnumerable<string> known)
    {
        var bare = typed.TrimStart('-');
        var best = known.Distinct()
            .Select(k => (k, d: Distance(bare, k.TrimStart('-'))))
            .Where(x => x.d <= Math.Max(1, Math.Min(3, x.k.TrimStart('-').Length / 3)))
            .OrderBy(x => x.d).ThenBy(x => x.k, StringComparer.Ordinal).FirstOrDefault();
        return best.k;
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
