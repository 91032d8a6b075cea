using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>
/// The cartesian product of the space's lists, in the order the keys appear, the last key fastest. Configuration i is
/// decoded from i directly (mixed radix), so a million-point grid is planned chunk by chunk without enumerating it.
/// </summary>
public sealed class GridSampler : ISampler
{
    public string Name => "grid";

    public bool IsAdaptive => false;

    long? ISampler.Size(SearchSpec search) => Size(search);

    public IReadOnlyDictionary<string, ParamValue> Propose(SearchSpec search, long index, SearchHistory history)
    {
        var digits = new int[search.Space.Count];
        for (var k = digits.Length - 1; k >= 0; k--)
        {
            var count = Axis(search.Space[k]).Count;
            digits[k] = (int)(index % count);
            index /= count;
        }
        // In key order: boards and COTOSWEEP_PARAMS show parameters as the file lists them.
        var config = new Dictionary<string, ParamValue>(digits.Length);
        for (var k = 0; k < digits.Length; k++) config[search.Space[k].Name] = Axis(search.Space[k])[digits[k]];
        return config;
    }

    /// <summary>Every configuration in order (the planner takes what it needs).</summary>
    public IEnumerable<IReadOnlyDictionary<string, ParamValue>> Configurations(SearchSpec search)
    {
        var size = Size(search);
        for (long i = 0; i < size; i++) yield return Propose(search, i, SearchHistory.Empty);
    }

    private static IReadOnlyList<ParamValue> Axis(Dimension d) => d.GridValues ?? throw new InvalidOperationException(
        $"'{d.Name}' is a distribution; grid search takes lists and fixed values only");

    /// <summary>The number of configurations; saturates at <see cref="long.MaxValue"/> instead of overflowing.</summary>
    public static long Size(SearchSpec search) =>
        search.Space.Aggregate(1L, (n, d) =>
        {
            long count = Math.Max(1, d.GridValues?.Count ?? 1);
            return n > long.MaxValue / count ? long.MaxValue : n * count;
        });
}
