namespace CoToSweep.Domain.Analyses;

/// <summary>
/// <c>analysis.prune</c> (ALGORITHMS.md §4) of each trained trial (or the <see cref="TopK"/> best). Structured: drop
/// whole adapter groups in each of <see cref="Orders"/> at <see cref="Ratios"/> (<c>random</c> averaged over
/// <see cref="Draws"/> seeded orders; <c>shapley</c> drops the least helpful group first by the trial's Shapley values).
/// Unstructured: zero the smallest-magnitude entries of ΔW at <see cref="Sparsities"/>, per projection or globally
/// (<see cref="Scopes"/>). Measured on <see cref="Metric"/>'s split.
/// </summary>
public sealed record PruneAnalysisSpec(
    IReadOnlyList<string> Orders,
    IReadOnlyList<double> Ratios,
    int Draws,
    IReadOnlyList<double> Sparsities,
    IReadOnlyList<string> Scopes,
    long Seed,
    string Metric,
    int? TopK)
{
    public static readonly IReadOnlyList<string> OrderNames = ["shapley", "random", "everyother", "high-first", "low-first"];
    public static readonly IReadOnlyList<string> ScopeNames = ["layer", "global"];
    public static readonly IReadOnlyList<double> DefaultRatios = [0.25, 0.5, 0.75];
    public static readonly IReadOnlyList<double> DefaultSparsities = [0.5, 0.9];
    public const int DefaultDraws = 3;
}
