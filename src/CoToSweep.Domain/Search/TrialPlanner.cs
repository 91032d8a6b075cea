using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>
/// Turns a spec into its trials: every configuration once per seed (configuration-major), ids
/// <c>t&lt;config:4&gt;-s&lt;seed&gt;</c>, parameters = the trial block's values overridden by the configuration.
/// </summary>
public static class TrialPlanner
{
    /// <summary>A grid bigger than this without max_trials is refused by the validator.</summary>
    public const long MaxPlannedTrials = 1_000_000;

    public static ISampler SamplerFor(string algorithm) => algorithm switch
    {
        "grid" => new GridSampler(),
        "random" => new RandomSampler(),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "no such search algorithm"),
    };

    public static IReadOnlyList<PlannedTrial> Plan(SweepSpec spec)
    {
        var search = spec.Search;
        var seedCount = search.Seeds?.Count ?? 1;
        long limit = search.MaxTrials ?? (search.Algorithm == "grid" ? GridSampler.Size(search) * seedCount : MaxPlannedTrials);
        var configs = (int)Math.Min(int.MaxValue, (limit + seedCount - 1) / seedCount);
        var trials = new List<PlannedTrial>();
        var index = 0;
        foreach (var config in SamplerFor(search.Algorithm).Configurations(search).Take(configs))
        {
            var parameters = new Dictionary<string, ParamValue>(spec.Trial.Params);
            foreach (var (k, v) in config) parameters[k] = v;
            foreach (var seed in search.Seeds ?? [DerivedSeed(search.Seed, index)])
            {
                if (trials.Count >= limit) break;
                trials.Add(new PlannedTrial(TrialRecord.MakeId(index, seed), index, seed, parameters));
            }
            index++;
        }
        return trials;
    }

    /// <summary>Without a <c>seeds</c> list each configuration gets its own seed, from the sampler seed and its index.</summary>
    public static long DerivedSeed(long searchSeed, int configIndex) =>
        (long)(SplitMix64.Mix((ulong)searchSeed, (ulong)configIndex) & 0x7FFF_FFFF);
}
