namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// Equal parameter sets, whatever their order: the trials of one configuration (its seeds, or a sampler's repeats of it),
/// for ASHA's rungs and for planning (a configuration's seeds share one map).
/// Compared value by value rather than through a text key, because a rule groups every trial's curve on every report.
/// </summary>
public sealed class SameConfiguration : IEqualityComparer<IReadOnlyDictionary<string, ParamValue>>
{
    public static readonly SameConfiguration Instance = new();

    public bool Equals(IReadOnlyDictionary<string, ParamValue>? x, IReadOnlyDictionary<string, ParamValue>? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null || x.Count != y.Count) return false;
        foreach (var (name, value) in x)
            if (!y.TryGetValue(name, out var other) || !value.Equals(other)) return false;
        return true;
    }

    // A sum, so that the order the parameters are listed in does not matter.
    public int GetHashCode(IReadOnlyDictionary<string, ParamValue> parameters) =>
        parameters.Aggregate(parameters.Count, (h, p) => h + HashCode.Combine(p.Key, p.Value));
}
