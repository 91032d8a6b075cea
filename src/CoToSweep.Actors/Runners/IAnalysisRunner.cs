using CoToSweep.Domain.Analyses;

namespace CoToSweep.Actors.Runners;

/// <summary>
/// Evaluates analysis work units for the trials of one kind: the accuracy and loss of each probe (a model built from
/// trained adapters: masked, interpolated, merged, pruned). A trial runner implements it too when its kind supports analyses.
/// </summary>
public interface IAnalysisRunner
{
    /// <summary>The <c>trial.kind</c> whose trained trials this runner evaluates.</summary>
    string Kind { get; }

    /// <summary>
    /// The results of <c>unit.Probes</c>, in order. Throws when the evaluation cannot be done (missing adapter,
    /// group mismatch): that counts against the sweep's <c>retries</c>. Cancellation stops promptly.
    /// </summary>
    Task<IReadOnlyList<Domain.Analyses.ProbeResult>> EvaluateAsync(AnalysisUnitAssignment unit, CancellationToken cancellationToken);
}
