namespace CoToSweep.Domain.Shapley;

/// <summary>A Shapley estimator: starts runs that plan work units and merge their statistics.</summary>
public interface IShapleyEstimator
{
    /// <summary>The name used by <c>--method</c> and in results.</summary>
    string Method { get; }

    ShapleyRun Start(ShapleyRequest request);
}
