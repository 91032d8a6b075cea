using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>Independent draws from every dimension, seeded by <c>search.seed</c>; never ends (the planner takes what it needs).</summary>
public sealed class RandomSampler : ISampler
{
    public IEnumerable<IReadOnlyDictionary<string, ParamValue>> Configurations(SearchSpec search)
    {
        var rng = new SplitMix64(SplitMix64.Mix((ulong)search.Seed, 0x5EED));
        while (true)
        {
            var config = new Dictionary<string, ParamValue>();
            foreach (var d in search.Space) config[d.Name] = d.Sample(rng.NextDouble());
            yield return config;
        }
    }
}
