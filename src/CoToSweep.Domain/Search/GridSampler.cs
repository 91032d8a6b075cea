using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>The cartesian product of the space's lists, in the order the keys appear, the last key fastest.</summary>
public sealed class GridSampler : ISampler
{
    public IEnumerable<IReadOnlyDictionary<string, ParamValue>> Configurations(SearchSpec search)
    {
        var axes = search.Space.Select(d => d.GridValues ?? throw new InvalidOperationException(
            $"'{d.Name}' is a distribution; grid search takes lists and fixed values only")).ToArray();
        var index = new int[axes.Length];
        while (true)
        {
            var config = new Dictionary<string, ParamValue>();
            for (var k = 0; k < axes.Length; k++) config[search.Space[k].Name] = axes[k][index[k]];
            yield return config;
            var axis = axes.Length - 1;
            while (axis >= 0 && ++index[axis] == axes[axis].Count) index[axis--] = 0;
            if (axis < 0) yield break;
        }
    }

    /// <summary>The number of configurations; saturates at <see cref="long.MaxValue"/> instead of overflowing.</summary>
    public static long Size(SearchSpec search) =>
        search.Space.Aggregate(1L, (n, d) =>
        {
            long count = Math.Max(1, d.GridValues?.Count ?? 1);
            return n > long.MaxValue / count ? long.MaxValue : n * count;
        });
}
