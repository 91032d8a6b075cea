using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Runners;

/// <summary>Runs one attempt of one trial of a given kind. Implementations: one file each.</summary>
public interface ITrialRunner
{
    /// <summary>The <c>trial.kind</c> this runner handles.</summary>
    string Kind { get; }

    /// <summary>
    /// Runs the attempt to its end. Reports progress (sparse) through <paramref name="progress"/>; returns the
    /// outcome instead of throwing for anything the trial itself did wrong. Cancellation (the slot stopped, the
    /// process is exiting) must stop all work promptly, including child processes.
    /// </summary>
    Task<TrialOutcome> RunAsync(TrialAssignment assignment, ITrialProgress progress, CancellationToken cancellationToken);
}

/// <summary>Receives a trial's metric reports while it runs; thread-safe.</summary>
public interface ITrialProgress
{
    void Report(long step, IReadOnlyDictionary<string, double> metrics);
}

/// <summary>
/// How an attempt ended. <see cref="TrialFault"/> is true when the trial itself failed (non-zero exit, timeout,
/// NaN): that counts against <c>retries</c>; false when the attempt was lost for another reason.
/// </summary>
public sealed record TrialOutcome(
    bool Succeeded,
    IReadOnlyDictionary<string, double> Metrics,
    double? Objective,
    string? FailureReason,
    bool TrialFault)
{
    public static TrialOutcome Success(IReadOnlyDictionary<string, double> metrics, double? objective) =>
        new(true, metrics, objective, null, false);

    public static TrialOutcome Failure(string reason, IReadOnlyDictionary<string, double>? metrics = null, bool trialFault = true) =>
        new(false, metrics ?? new Dictionary<string, double>(), null, reason, trialFault);
}
