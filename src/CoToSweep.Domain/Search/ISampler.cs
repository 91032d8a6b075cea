using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>
/// Proposes configurations of a search space. A proposal is a pure function of the space, the sampler seed, the
/// proposal (configuration) index and the history (finished trials in journal order, trials planned but not finished),
/// so that replay needs no sampler and a resumed sweep proposes what an uninterrupted one would have.
/// </summary>
public interface ISampler
{
    /// <summary>The name in <c>search.algorithm</c>.</summary>
    string Name { get; }

    /// <summary>True when proposals depend on results: the sweep then proposes one configuration each time a slot is free.</summary>
    bool IsAdaptive { get; }

    /// <summary>How many distinct configurations it can propose; null when unbounded.</summary>
    long? Size(SearchSpec search);

    /// <summary>The configuration with this index: a value for every dimension of the space that is active.</summary>
    IReadOnlyDictionary<string, ParamValue> Propose(SearchSpec search, long index, SearchHistory history);
}
