using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>
/// Turns configurations into trials: every configuration once per seed (configuration-major), ids
/// <c>t&lt;config:4&gt;-s&lt;seed&gt;</c>, parameters = the trial block's values overridden by the configuration. The sweep
/// state plans in chunks (<see cref="SweepState"/>); <see cref="Plan"/> is the whole plan of a sweep with no results yet.
/// </summary>
public static class TrialPlanner
{
    /// <summary>A grid bigger than this without max_trials is refused by the validator.</summary>
    public const long MaxPlannedTrials = 1_000_000;

    /// <summary>Trials a static sampler plans in one event: big enough for every slot, small enough for one journal row.</summary>
    public const int ChunkSize = 1000;

    public static ISampler SamplerFor(string algorithm) => Samplers.Get(algorithm);

    public static bool IsAdaptive(SweepSpec spec) => SamplerFor(spec.Search.Algorithm).IsAdaptive;

    /// <summary>
    /// How many trials the sweep plans in all: <c>max_trials</c>, or the whole grid once per seed, and never more than the
    /// sampler has configurations for (an adaptive sweep may end earlier only by its rules, never plan more).
    /// </summary>
    public static long Target(SweepSpec spec)
    {
        var search = spec.Search;
        var seedCount = search.Seeds?.Count ?? 1;
        var configs = SamplerFor(search.Algorithm).Size(search);
        var all = configs is { } n ? (long)Int128.Min(long.MaxValue, (Int128)n * seedCount) : long.MaxValue;
        return Math.Min(search.MaxTrials ?? (configs is null ? MaxPlannedTrials : all), all);
    }

    /// <summary>The seeds configuration <paramref name="config"/> runs under, in order.</summary>
    public static IReadOnlyList<long> SeedsOf(SearchSpec search, int config) => search.Seeds ?? [DerivedSeed(search.Seed, config)];

    /// <summary>One trial of a configuration: the trial block's parameters overridden by the configuration's.</summary>
    public static IReadOnlyDictionary<string, ParamValue> Parameters(SweepSpec spec, IReadOnlyDictionary<string, ParamValue> config)
    {
        var parameters = new Dictionary<string, ParamValue>(spec.Trial.Params);
        foreach (var (k, v) in config) parameters[k] = v;
        return parameters;
    }

    /// <summary>The trials a sweep plans when no trial has finished yet, lazily, in order.</summary>
    public static IEnumerable<PlannedTrial> Enumerate(SweepSpec spec)
    {
        var sampler = SamplerFor(spec.Search.Algorithm);
        var limit = Target(spec);
        long planned = 0;
        for (var index = 0; planned < limit; index++)
        {
            var parameters = Parameters(spec, sampler.Propose(spec.Search, index, SearchHistory.Empty));
            foreach (var seed in SeedsOf(spec.Search, index))
            {
                if (planned++ >= limit) yield break;
                yield return new PlannedTrial(TrialRecord.MakeId(index, seed), index, seed, parameters);
            }
        }
    }

    public static IReadOnlyList<PlannedTrial> Plan(SweepSpec spec) => Enumerate(spec).ToList();

    /// <summary>Without a <c>seeds</c> list each configuration gets its own seed, from the sampler seed and its index.</summary>
    public static long DerivedSeed(long searchSeed, int configIndex) =>
        (long)(SplitMix64.Mix((ulong)searchSeed, (ulong)configIndex) & 0x7FFF_FFFF);
}
