namespace CoToSweep.Domain.Analyses;

/// <summary>
/// <c>analysis.merge</c> (ALGORITHMS.md §4). <see cref="Across"/> <c>seeds</c>: for each configuration, pairs of its
/// seeds' adapters (all pairs, or the first <see cref="MaxPairs"/>) interpolated at <see cref="Lambdas"/> in
/// <see cref="Space"/> (<c>delta</c> or <c>factors</c>). <c>tasks</c>: adapters of the same configuration and seed
/// trained on different <c>task</c> values, merged by each of <see cref="Methods"/> on ΔW and evaluated on every member
/// task. Measured on <see cref="Metric"/>'s split (accuracy and loss both).
/// </summary>
public sealed record MergeAnalysisSpec(
    string Across,
    string Space,
    IReadOnlyList<double> Lambdas,
    int? MaxPairs,
    IReadOnlyList<string> Methods,
    double Scale,
    double Density,
    double DropRate,
    long Seed,
    string Metric)
{
    public static readonly IReadOnlyList<string> AcrossValues = ["seeds", "tasks"];
    public static readonly IReadOnlyList<string> Spaces = ["delta", "factors"];
    public static readonly IReadOnlyList<string> MethodNames = ["average", "task_arithmetic", "ties", "dare"];

    /// <summary>0, 0.1, …, 1.</summary>
    public static readonly IReadOnlyList<double> DefaultLambdas = Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray();

    public const double DefaultScale = 1.0, DefaultDensity = 0.2, DefaultDropRate = 0.5;
}
