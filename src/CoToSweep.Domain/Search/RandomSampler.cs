using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>
/// Independent draws from every dimension, seeded by <c>search.seed</c>: one stream, one draw per dimension per
/// configuration in key order, so configuration i starts at draw i × dimensions (SplitMix64 seeks in O(1)).
/// </summary>
public sealed class RandomSampler : ISampler
{
    public string Name => "random";

    public bool IsAdaptive => false;

    public long? Size(SearchSpec search) => null;

    public IReadOnlyDictionary<string, ParamValue> Propose(SearchSpec search, long index, SearchHistory history) =>
        Draw(search, SplitMix64.Mix((ulong)search.Seed, 0x5EED), index);

    /// <summary>Configuration <paramref name="index"/> of the stream that starts at <paramref name="streamSeed"/>.</summary>
    public static IReadOnlyDictionary<string, ParamValue> Draw(SearchSpec search, ulong streamSeed, long index)
    {
        var rng = SplitMix64.Skipped(streamSeed, (ulong)index * (ulong)search.Space.Count);
        // Every dimension takes its draw, active or not, so a condition never shifts the draws of the others.
        return ActiveConfig.Build(search, (_, d) => d.Sample(rng.NextDouble()));
    }

    public IEnumerable<IReadOnlyDictionary<string, ParamValue>> Configurations(SearchSpec search)
    {
        for (long i = 0; ; i++) yield return Propose(search, i, SearchHistory.Empty);
    }
}
