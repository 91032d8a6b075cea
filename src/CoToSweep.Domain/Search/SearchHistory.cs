using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>A finished trial as a sampler sees it: its configuration and its objective values as losses (lower is better).</summary>
public sealed record Observation(IReadOnlyDictionary<string, ParamValue> Params, IReadOnlyList<double> Losses);

/// <summary>
/// What an adaptive sampler learns from: finished trials in journal order (completed, and stopped at their last value;
/// failed trials are left out) and the configurations planned but not finished (the constant liar's "running" trials:
/// pending ones count too, so an interrupted and resumed sweep sees the same history as an uninterrupted one).
/// </summary>
public sealed record SearchHistory(IReadOnlyList<Observation> Finished, IReadOnlyList<IReadOnlyDictionary<string, ParamValue>> Unfinished)
{
    public static readonly SearchHistory Empty = new([], []);
}
