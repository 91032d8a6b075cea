using System.Globalization;

namespace CoToSweep.Domain.Shapley;

/// <summary>A table problem, reported as one line "file:line: message".</summary>
public sealed class CoalitionTableException(string file, int line, string message)
    : FormatException(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
{
    public int Line { get; } = line;
}

/// <summary>
/// Precomputed coalition values (DESIGN.md, <c>--table</c>): "# players: a;b;c" names the players (otherwise they
/// are numbered 0..n−1), a header "coalition,value", then one row per coalition with its players joined by ';'
/// (empty for the empty set). Other lines starting with '#' and blank lines are ignored.
/// </summary>
public sealed class CoalitionTable : ICoalitionGame
{
    private readonly Dictionary<ulong, double> _values;

    private CoalitionTable(string file, IReadOnlyList<string> players, Dictionary<ulong, double> values) =>
        (File, PlayerNames, _values) = (file, players, values);

    public string File { get; }

    public IReadOnlyList<string> PlayerNames { get; }

    public int Players => PlayerNames.Count;

    public int Rows => _values.Count;

    public bool IsComplete => Players <= 62 && _values.Count == 1L << Players;

    public double Value(ulong coalition) =>
        _values.TryGetValue(coalition, out var value)
            ? value
            : throw new CoalitionTableException(File, 0, $"no row for coalition '{Describe(coalition)}'");

    public bool Contains(ulong coalition) => _values.ContainsKey(coalition);

    /// <summary>The first coalition (in mask order) without a row, if any.</summary>
    public ulong? FirstMissing()
    {
        for (var mask = 0UL; mask < 1UL << Players; mask++)
            if (!_values.ContainsKey(mask)) return mask;
        return null;
    }

    public string Describe(ulong coalition) =>
        string.Join(';', Enumerable.Range(0, Players).Where(i => Coalitions.Contains(coalition, i)).Select(i => PlayerNames[i]));

    public static CoalitionTable Parse(string file, string text)
    {
        var lines = text.Split('\n');
        List<string>? declared = null;
        var rows = new List<(int Line, string[] Players, double Value)>();
        var header = false;
        for (var index = 0; index < lines.Length; index++)
        {
            var number = index + 1;
            var line = lines[index].TrimEnd('\r').Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var comment = line[1..].Trim();
                if (!comment.StartsWith("players:", StringComparison.OrdinalIgnoreCase)) continue;
                if (declared is not null) throw Error(number, "a second '# players:' line");
                if (header) throw Error(number, "'# players:' must come before the header");
                declared = ParsePlayers(file, number, comment["players:".Length..]);
                continue;
            }
            if (!header)
            {
                if (!string.Equals(line.Replace(" ", ""), "coalition,value", StringComparison.OrdinalIgnoreCase))
                    throw Error(number, $"expected the header 'coalition,value', found '{line}'");
                header = true;
                continue;
            }
            var fields = line.Split(',');
            if (fields.Length != 2) throw Error(number, $"expected 'coalition,value' (2 fields), found {fields.Length}");
            var valueText = fields[1].Trim();
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw Error(number, $"value '{valueText}' is not a finite number");
            var members = fields[0].Trim().Length == 0 ? [] : fields[0].Split(';').Select(p => p.Trim()).ToArray();
            rows.Add((number, members, value));
        }
        if (!header) throw Error(0, "no 'coalition,value' header (is the file empty?)");
        var names = declared ?? Numbered(file, rows);
        var indexOf = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var values = new Dictionary<ulong, double>();
        var firstLine = new Dictionary<ulong, int>();
        foreach (var (number, members, value) in rows)
        {
            var mask = 0UL;
            foreach (var member in members)
            {
                if (member.Length == 0) throw Error(number, "empty player name in coalition");
                if (!indexOf.TryGetValue(member, out var i))
                    throw Error(number, declared is null ? $"unknown player '{member}' (without '# players:' players are numbered 0..n-1)" : $"unknown player '{member}'");
                if (Coalitions.Contains(mask, i)) throw Error(number, $"player '{member}' appears twice in one coalition");
                mask |= 1UL << i;
            }
            if (firstLine.TryGetValue(mask, out var first)) throw Error(number, $"duplicate coalition (first given on line {first})");
            firstLine[mask] = number;
            values[mask] = value;
        }
        return new CoalitionTable(file, names, values);

        CoalitionTableException Error(int line, string message) => new(file, line, message);
    }

    private static List<string> ParsePlayers(string file, int line, string list)
    {
        var names = list.Split(';').Select(p => p.Trim()).ToList();
        if (names.Count == 0 || names.Any(n => n.Length == 0)) throw new CoalitionTableException(file, line, "empty player name in '# players:'");
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new CoalitionTableException(file, line, $"duplicate player '{duplicate.Key}'");
        if (names.Any(n => n.Contains(','))) throw new CoalitionTableException(file, line, "player names cannot contain ','");
        if (names.Count > Coalitions.MaxPlayers) throw new CoalitionTableException(file, line, $"at most {Coalitions.MaxPlayers} players, found {names.Count}");
        return names;
    }

    private static List<string> Numbered(string file, List<(int Line, string[] Players, double Value)> rows)
    {
        var max = -1;
        foreach (var (line, members, _) in rows)
            foreach (var member in members)
            {
                if (!int.TryParse(member, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= Coalitions.MaxPlayers)
                    throw new CoalitionTableException(file, line,
                        $"unknown player '{member}' (without '# players:' players are numbered 0..{Coalitions.MaxPlayers - 1})");
                max = Math.Max(max, i);
            }
        if (max < 0) throw new CoalitionTableException(file, 0, "no players: add a '# players:' line or rows with numbered players");
        return Enumerable.Range(0, max + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
    }
}
