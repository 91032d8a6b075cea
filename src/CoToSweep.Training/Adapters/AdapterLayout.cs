using CoToSweep.Training.Models;

namespace CoToSweep.Training.Adapters;

/// <summary>One adapted projection: its layer, target name (q, k, v, o) and module path.</summary>
public sealed record AdapterSite(int Layer, string Target, string Path, AdaptedLinear Linear)
{
    /// <summary>The module path of a projection, e.g. blocks.3.attn.q: checkpoint names and delta sets use it.</summary>
    public static string PathFor(int layer, string target) => $"blocks.{layer}.attn.{target}";
}

/// <summary>All adapters of a model, and their grouping for CoTo's gate and for masks.</summary>
public sealed class AdapterLayout(IReadOnlyList<AdapterSite> sites, int layers)
{
    public IReadOnlyList<AdapterSite> Sites { get; } = sites;
    public int Layers { get; } = layers;

    /// <summary>
    /// Groups for a granularity: <c>layer</c> (one per transformer layer, all its adapters together) or
    /// <c>module</c> (one per adapted projection). Each group remembers its layer, which the orders need.
    /// </summary>
    public IReadOnlyList<AdapterGroup> Groups(string granularity) => granularity switch
    {
        "layer" => Sites.GroupBy(s => s.Layer).Select(g => new AdapterGroup($"layer{g.Key}", g.Key, g.ToArray())).ToArray(),
        "module" => Sites.Select(s => new AdapterGroup($"layer{s.Layer}.{s.Target}", s.Layer, [s])).ToArray(),
        _ => throw new ArgumentException($"unknown granularity '{granularity}' (layer or module)"),
    };

    /// <summary>Switches groups on or off; null means all on (evaluation default).</summary>
    public static void Apply(IReadOnlyList<AdapterGroup> groups, IReadOnlyList<bool>? mask)
    {
        if (mask is not null && mask.Count != groups.Count)
            throw new ArgumentException($"mask has {mask.Count} entries but there are {groups.Count} adapter groups");
        for (var i = 0; i < groups.Count; i++)
            foreach (var s in groups[i].Sites) s.Linear.Active = mask?[i] ?? true;
    }
}

public sealed record AdapterGroup(string Name, int Layer, IReadOnlyList<AdapterSite> Sites);
