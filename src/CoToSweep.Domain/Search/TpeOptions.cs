namespace CoToSweep.Domain.Search;

/// <summary>
/// <c>search.tpe</c>: Optuna's TPE defaults (n_startup_trials 10, γ(n) = min(⌈0.1·n⌉, 25), prior weight 1.0, 24 candidates,
/// univariate), except the constant liar, which is on: trials planned but not finished count as the worst results, so
/// that slots asking at once get different proposals.
/// </summary>
public sealed record TpeOptions(
    int StartupTrials = 10,
    double Gamma = 0.1,
    double PriorWeight = 1.0,
    int Candidates = 24,
    bool Multivariate = false,
    bool ConstantLiar = true)
{
    public static readonly TpeOptions Default = new();

    /// <summary>How many of <paramref name="n"/> finished trials form the "good" group (Optuna's default_gamma).</summary>
    public int Below(int n) => Math.Min((int)Math.Ceiling(Gamma * n), 25);
}
