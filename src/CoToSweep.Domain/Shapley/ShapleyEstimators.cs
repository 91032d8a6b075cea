namespace CoToSweep.Domain.Shapley;

/// <summary>The estimators by their <c>--method</c> names.</summary>
public static class ShapleyEstimators
{
    public static IReadOnlyList<IShapleyEstimator> All { get; } =
    [
        new ExactEstimator(), new PermutationEstimator(), new AntitheticEstimator(),
        new OwenEstimator(), new StratifiedEstimator(), new RegressionEstimator(),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(e => e.Method).ToArray();

    public static IShapleyEstimator? Find(string method) =>
        All.FirstOrDefault(e => string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase));
}
