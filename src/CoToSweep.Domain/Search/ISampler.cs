using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>
/// Proposes configurations of a search space, in a fixed order (configuration index = position).
/// Deterministic: the same space and seed give the same sequence.
/// </summary>
public interface ISampler
{
    IEnumerable<IReadOnlyDictionary<string, ParamValue>> Configurations(SearchSpec search);
}
