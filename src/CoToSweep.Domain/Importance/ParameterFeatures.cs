using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Importance;

/// <summary>
/// The searched parameters as forest features: numbers as they are (the log of a loguniform), categories by index, and
/// an inactive conditional parameter one below the smallest value seen, so a tree can split it off.
/// </summary>
internal sealed class ParameterFeatures
{
    public IReadOnlyList<Dimension> Dimensions { get; }

    private ParameterFeatures(IReadOnlyList<Dimension> dims) => Dimensions = dims;

    /// <summary>The space's dimensions that take more than one value.</summary>
    public static ParameterFeatures Of(SearchSpec search) =>
        new(search.Space.Where(d => d is not FixedDimension && d.Choices is not { Count: < 2 }).ToList());

    public float[][] Rows(IReadOnlyList<TrialRecord> trials)
    {
        var rows = trials.Select(t => Dimensions.Select(d => Value(d, t.Params)).ToArray()).ToArray();
        for (var k = 0; k < Dimensions.Count; k++)
        {
            var seen = rows.Select(r => r[k]).Where(float.IsFinite).DefaultIfEmpty(0).Min();
            foreach (var r in rows) if (!float.IsFinite(r[k])) r[k] = seen - 1;
        }
        return rows;
    }

    private static float Value(Dimension d, IReadOnlyDictionary<string, ParamValue> config)
    {
        if (!config.TryGetValue(d.Name, out var v)) return float.NaN;
        if (d.Choices is { } choices) return choices.ToList().IndexOf(v);
        return (float)(d is LogUniformDimension ? Math.Log(v.AsDouble()) : v.AsDouble());
    }
}
