using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// Conditional parameters: <c>name: { uniform: [0.5, 1], when: { parent: [a, b] } }</c> (or <c>{ values: [...], when: … }</c>
/// for a list). The parent must be declared before it in the space and take fixed values; each named value must be one of them.
/// </summary>
internal static class ConditionReader
{
    public const string Key = "when";

    /// <summary>The dimension's own form without <c>when</c>: a distribution mapping, or the list under <c>values</c>.</summary>
    public static YNode Body(YMapping m)
    {
        var rest = new YMapping(m.At, m.Entries.Where(e => e.Key.Text != Key).ToList());
        return rest.Entries is [{ Key.Text: "values" } only] ? only.Value : rest;
    }

    public static Condition? Read(string name, YNode node, SpecNodes nodes)
    {
        if (node is not YMapping { Entries: [var entry] })
        {
            nodes.Add(node.At, $"'{name}': when takes one parameter and its values, e.g. when: {{ schedule.shape: [linear, cosine] }}");
            return null;
        }
        var items = entry.Value is YSequence seq ? seq.Items : [entry.Value];
        if (items.Count == 0 || items.Any(i => i is not YScalar { IsNull: false }))
        {
            nodes.Add(entry.Value.At, $"'{name}': when '{entry.Key.Text}' takes a value or a list of values");
            return null;
        }
        return new Condition(entry.Key.Text, items.Cast<YScalar>().Select(s => s.ToParamValue()).ToList());
    }

    /// <summary>Every condition names a parameter declared before it, with values that parameter can take.</summary>
    public static void Check(IReadOnlyList<Dimension> space, IReadOnlyDictionary<string, YMapping> whens, SpecNodes nodes)
    {
        for (var k = 0; k < space.Count; k++)
        {
            if (space[k].When is not { } c) continue;
            var at = whens[space[k].Name];
            var parent = space.Take(k).FirstOrDefault(d => d.Name == c.Parent);
            if (parent is null)
            {
                var later = space.Skip(k).Any(d => d.Name == c.Parent);
                nodes.Add(at.Entries[0].Key.At, $"'{space[k].Name}' depends on '{c.Parent}', which is {(later ? "declared after it" : "no parameter of search.space")}" +
                    (later ? "; declare the parent first" : SpecNodes.Suggest(c.Parent, space.Select(d => d.Name))));
                continue;
            }
            if (parent.Choices is not { } choices)
            {
                nodes.Add(at.Entries[0].Key.At, $"'{space[k].Name}' depends on '{c.Parent}', which is a continuous distribution; a condition needs a list, a choice or a fixed value");
                continue;
            }
            foreach (var (v, item) in c.Values.Zip(Items(at.Entries[0].Value)))
                if (!choices.Contains(v))
                    nodes.Add(item.At, $"'{space[k].Name}': '{c.Parent}' is never {v} (it takes {string.Join(", ", choices)})");
        }
    }

    private static IReadOnlyList<YNode> Items(YNode node) => node is YSequence seq ? seq.Items : [node];
}
