namespace CoToSweep.Domain.Analyses;

/// <summary>
/// <c>analysis.corruption</c> (ALGORITHMS.md §2, the Low-Norm Effect) of each trained prompt (or the <see cref="TopK"/>
/// best): at every context position, the vector replaced by N(0, σ²) for each σ in <see cref="ReplaceSigma"/> (σ = 0:
/// zeros) and rescaled by each τ in <see cref="Rescale"/>, then the trained classes' test accuracy measured again.
/// Replacement noise is drawn from <see cref="Seed"/>, the position and the σ.
/// </summary>
public sealed record CorruptionAnalysisSpec(IReadOnlyList<double> ReplaceSigma, IReadOnlyList<double> Rescale, long Seed, int? TopK)
{
    public static readonly IReadOnlyList<double> DefaultReplaceSigma = [0, 0.02];
    public static readonly IReadOnlyList<double> DefaultRescale = [0.5, 2];

    /// <summary>The corruptions of one position, in probe order: replacements, then rescalings.</summary>
    public IReadOnlyList<(string Mode, double Value)> Corruptions =>
        ReplaceSigma.Select(s => ("replace", s)).Concat(Rescale.Select(t => ("rescale", t))).ToArray();
}
