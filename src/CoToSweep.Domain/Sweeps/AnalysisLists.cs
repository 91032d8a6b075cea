using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>Typed reads of the lists analysis blocks take (lambdas, ratios, orders, …), each problem at its position.</summary>
internal static class AnalysisLists
{
    /// <summary>
    /// Fractions in [0, 1] (a list, or one number), sorted, without repeats and with the endpoints 0 and 1 added:
    /// every curve starts at the unchanged adapter and ends at the other endpoint. Null: <paramref name="fallback"/>;
    /// an empty list: none at all when <paramref name="emptyMeansNone"/> (no magnitude pruning), else just the endpoints.
    /// </summary>
    public static IReadOnlyList<double>? Fractions(YNode? node, string what, SpecNodes nodes, IReadOnlyList<double> fallback, bool emptyMeansNone = false)
    {
        if (node is null) return WithEndpoints(fallback);
        var items = node is YSequence seq ? seq.Items : [node];
        var values = new List<double>();
        foreach (var item in items)
        {
            var v = nodes.Number(item, what);
            if (v is null) continue;
            if (v is < 0 or > 1) nodes.Add(item.At, $"{what} must be in [0, 1], not {v}");
            else values.Add(v.Value);
        }
        if (node is YSequence { Items.Count: 0 } && emptyMeansNone) return [];
        return WithEndpoints(values);
    }

    private static IReadOnlyList<double> WithEndpoints(IEnumerable<double> values) => values.Concat([0.0, 1.0]).Distinct().Order().ToArray();

    /// <summary>Names from <paramref name="allowed"/> (a list, or one name), in the order given, without repeats. Null: <paramref name="fallback"/>; empty: refused unless <paramref name="allowEmpty"/>.</summary>
    public static IReadOnlyList<string> Names(YNode? node, string what, SpecNodes nodes, IReadOnlyList<string> allowed, IReadOnlyList<string> fallback,
        bool allowEmpty = false)
    {
        if (node is null) return fallback;
        var items = node is YSequence seq ? seq.Items : [node];
        var names = new List<string>();
        foreach (var item in items)
        {
            var name = nodes.String(item, what);
            if (name is null) continue;
            if (!allowed.Contains(name)) nodes.Add(item.At, $"{what}: '{name}' is not one of {string.Join(", ", allowed)}{SpecNodes.Suggest(name, allowed)}");
            else if (names.Contains(name)) nodes.Add(item.At, $"{what} lists '{name}' twice");
            else names.Add(name);
        }
        if (names.Count == 0 && items.Count == 0 && !allowEmpty) nodes.Add(node.At, $"{what} is empty");
        return names;
    }

    /// <summary>Where a key of a mapping is (for problems about the whole block).</summary>
    public static Position KeyAt(YMapping map, string key) => map.Entries.First(e => e.Key.Text == key).Key.At;
}
