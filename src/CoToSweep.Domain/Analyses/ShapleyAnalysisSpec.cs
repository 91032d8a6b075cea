namespace CoToSweep.Domain.Analyses;

/// <summary>
/// <c>analysis.shapley</c>: Shapley values of a trained trial's adapter groups, estimated with <see cref="Method"/>
/// (at most <see cref="Samples"/> marginal-contribution samples per player, fewer when the stopping rule fires) on
/// <see cref="Metric"/> under masks. <see cref="TopK"/> null: every completed trial as soon as it completes; k: the k best
/// trials by the objective once training is over. <see cref="UnitDraws"/> cuts the estimate into work units.
/// </summary>
public sealed record ShapleyAnalysisSpec(
    string Method,
    int Samples,
    long Seed,
    double? TargetHalfWidth,
    long? MaxEvaluations,
    int? TopK,
    string Metric,
    int UnitDraws)
{
    public const string DefaultMethod = "antithetic";
    public const int DefaultSamples = 64;
    public const int DefaultUnitDraws = 4;

    /// <summary>The metrics a masked evaluation measures: accuracy or mean cross-entropy on a held-out split.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["val_acc", "val_loss", "test_acc", "test_loss", "ood_acc", "ood_loss"];

    /// <summary>The evaluation split (<c>val</c>) and measure (<c>acc</c> or <c>loss</c>) of a metric such as <c>val_acc</c>.</summary>
    public static (string Split, string Measure) SplitAndMeasure(string metric)
    {
        var cut = metric.IndexOf('_');
        return (metric[..cut], metric[(cut + 1)..]);
    }
}

/// <summary>The <c>analysis</c> block of a sweep; null members are analyses the sweep does not ask for.</summary>
public sealed record AnalysisSpec(ShapleyAnalysisSpec? Shapley, MergeAnalysisSpec? Merge = null, PruneAnalysisSpec? Prune = null,
    CorruptionAnalysisSpec? Corruption = null);
