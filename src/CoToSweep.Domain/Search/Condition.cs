using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary><c>when: { parent: [values] }</c>: the dimension is active only while <see cref="Parent"/> takes one of <see cref="Values"/>.</summary>
public sealed record Condition(string Parent, IReadOnlyList<ParamValue> Values)
{
    /// <summary>True when the dimension is active in a configuration built so far (parents come first in the space).</summary>
    public static bool Holds(Dimension d, IReadOnlyDictionary<string, ParamValue> config) =>
        d.When is not { } c || (config.TryGetValue(c.Parent, out var v) && c.Values.Contains(v));
}

/// <summary>Builds configurations that hold only the active dimensions, in the space's order.</summary>
public static class ActiveConfig
{
    /// <summary>The active dimensions with the values <paramref name="value"/> gives them (one call per dimension, active or not).</summary>
    public static Dictionary<string, ParamValue> Build(SearchSpec search, Func<int, Dimension, ParamValue> value)
    {
        var config = new Dictionary<string, ParamValue>(search.Space.Count);
        for (var k = 0; k < search.Space.Count; k++)
        {
            var d = search.Space[k];
            var v = value(k, d);
            if (Condition.Holds(d, config)) config[d.Name] = v;
        }
        return config;
    }

    public static bool IsConditional(SearchSpec search) => search.Space.Any(d => d.When is not null);
}
