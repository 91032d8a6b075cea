using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>Typed reads of YAML nodes that record a problem (and return null) instead of throwing.</summary>
internal sealed class SpecNodes(List<SpecProblem> problems)
{
    public List<SpecProblem> Problems { get; } = problems;

    public void Add(Position at, string message) => Problems.Add(new SpecProblem(at, message));

    public YMapping? Mapping(YNode? node, string what)
    {
        if (node is null) return null;
        if (node is YMapping m) return m;
        Add(node.At, $"{what} must be a mapping");
        return null;
    }

    /// <summary>Reports duplicate keys, unknown keys (with a suggestion) and keys of features not built yet.</summary>
    public void CheckKeys(YMapping map, string where, IReadOnlyCollection<string>? allowed, IReadOnlyCollection<string>? notYet = null)
    {
        var seen = new Dictionary<string, Position>();
        foreach (var (key, _) in map.Entries.Select(e => (e.Key, e.Value)))
        {
            if (!seen.TryAdd(key.Text, key.At))
            {
                Add(key.At, $"duplicate key '{key.Text}' in {where} (first at {seen[key.Text]})");
                continue;
            }
            if (notYet is not null && notYet.Contains(key.Text))
                Add(key.At, $"'{key.Text}' in {where} is not supported yet");
            else if (allowed is not null && !allowed.Contains(key.Text))
                Add(key.At, $"unknown key '{key.Text}' in {where}{Suggest(key.Text, allowed)}");
        }
    }

    public string? String(YNode? node, string what, bool required = false, Position? parent = null)
    {
        if (node is null || node is YScalar { IsNull: true })
        {
            if (required) Add(node?.At ?? parent ?? new Position(1, 1), $"{what} is required");
            return null;
        }
        if (node is YScalar s) return s.Text;
        Add(node.At, $"{what} must be a string");
        return null;
    }

    public long? Integer(YNode? node, string what, long min = long.MinValue)
    {
        if (node is null) return null;
        if (node is YScalar s && s.IsInteger(out var v))
        {
            if (v >= min) return v;
            Add(node.At, $"{what} must be at least {min}, not {v}");
            return null;
        }
        Add(node.At, $"{what} must be an integer");
        return null;
    }

    public double? Number(YNode? node, string what)
    {
        if (node is null) return null;
        if (node is YScalar s && s.IsNumber(out var v) && double.IsFinite(v)) return v;
        Add(node.At, $"{what} must be a finite number");
        return null;
    }

    public T? Enum<T>(YNode? node, string what, IReadOnlyDictionary<string, T> values) where T : struct
    {
        var text = String(node, what);
        if (text is null) return null;
        if (values.TryGetValue(text, out var v)) return v;
        Add(node!.At, $"{what} must be one of {string.Join(", ", values.Keys)}, not '{text}'");
        return null;
    }

    public static string Suggest(string key, IEnumerable<string> candidates)
    {
        var best = candidates.Select(c => (c, d: Distance(key, c))).OrderBy(x => x.d).FirstOrDefault();
        return best.c is not null && best.d <= Math.Max(1, key.Length / 3) ? $" (did you mean '{best.c}'?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
