using System.Runtime.CompilerServices;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>
/// The cartesian product of the space's lists, in the order the keys appear, the last key fastest. Configuration i is
/// decoded from i directly (mixed radix), so a million-point grid is planned chunk by chunk without enumerating it.
/// With conditional parameters an inactive parameter takes no values: the product points that differ only in inactive
/// parameters are one configuration (the first of them), numbered in product order.
/// </summary>
public sealed class GridSampler : ISampler
{
    private static readonly ConditionalWeakTable<SearchSpec, long[]> Distinct = new();

    public string Name => "grid";

    public bool IsAdaptive => false;

    long? ISampler.Size(SearchSpec search) => Size(search);

    public IReadOnlyDictionary<string, ParamValue> Propose(SearchSpec search, long index, SearchHistory history) =>
        Decode(search, ActiveConfig.IsConditional(search) ? DistinctPoints(search)[index] : index);

    private static Dictionary<string, ParamValue> Decode(SearchSpec search, long point)
    {
        var digits = new int[search.Space.Count];
        for (var k = digits.Length - 1; k >= 0; k--)
        {
            var count = Axis(search.Space[k]).Count;
            digits[k] = (int)(point % count);
            point /= count;
        }
        return ActiveConfig.Build(search, (k, d) => Axis(d)[digits[k]]);
    }

    /// <summary>The product points that are the first of their configuration (every inactive parameter at its first value).</summary>
    private static long[] DistinctPoints(SearchSpec search) => Distinct.GetValue(search, s =>
    {
        var points = new List<long>();
        for (long p = 0; p < ProductSize(s); p++)
            if (IsFirst(s, p)) points.Add(p);
        return points.ToArray();
    });

    private static bool IsFirst(SearchSpec search, long point)
    {
        var config = Decode(search, point);
        for (var k = search.Space.Count - 1; k >= 0; k--)
        {
            var count = Axis(search.Space[k]).Count;
            if (point % count != 0 && !config.ContainsKey(search.Space[k].Name)) return false;
            point /= count;
        }
        return true;
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
        ActiveConfig.IsConditional(search) && search.Space.All(d => d.GridValues is not null) ? DistinctPoints(search).LongLength : ProductSize(search);

    /// <summary>A conditional grid is enumerated once to number its configurations: at most this many product points.</summary>
    public const long MaxConditionalProduct = 10_000_000;

    public static long ProductSize(SearchSpec search) =>
        search.Space.Aggregate(1L, (n, d) =>
        {
            long count = Math.Max(1, d.GridValues?.Count ?? 1);
            return n > long.MaxValue / count ? long.MaxValue : n * count;
        });
}
