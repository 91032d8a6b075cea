namespace CoToSweep.Domain.Sweeps;

/// <summary>What happened to a sweep; the journal holds these and nothing else. Past tense, plain data.</summary>
public interface ISweepEvent : ISweepMessage
{
    DateTimeOffset At { get; }
}

public static class SweepEvents
{
    public sealed record SweepSubmitted(
        string SweepId, SweepSpec Spec, string SpecText, string CanonicalJson, string? BaseDirectory, DateTimeOffset At) : ISweepEvent;

    public sealed record TrialsPlanned(IReadOnlyList<PlannedTrial> Trials, DateTimeOffset At) : ISweepEvent;

    public sealed record TrialStarted(string TrialId, int Attempt, string Worker, string ArtifactDir, DateTimeOffset At) : ISweepEvent;

    public sealed record TrialReported(string TrialId, int Attempt, long Step, IReadOnlyDictionary<string, double> Metrics, DateTimeOffset At) : ISweepEvent;

    public sealed record TrialCompleted(
        string TrialId, int Attempt, IReadOnlyDictionary<string, double> Metrics, double? Objective, DateTimeOffset At) : ISweepEvent;

    /// <summary>The trial itself failed (non-zero exit, timeout, NaN). <c>Final</c>: retries are used up.</summary>
    public sealed record TrialFailed(string TrialId, int Attempt, string Reason, bool Final, DateTimeOffset At) : ISweepEvent;

    /// <summary>The attempt was lost through no fault of the trial (worker lost, run interrupted); it runs again.</summary>
    public sealed record TrialRequeued(string TrialId, int Attempt, string Reason, DateTimeOffset At) : ISweepEvent;

    public sealed record SweepCompleted(bool Succeeded, DateTimeOffset At) : ISweepEvent;
}

public static class RegistryEvents
{
    public sealed record SweepRegistered(string SweepId, string Name, DateTimeOffset At) : ISweepEvent;
}
