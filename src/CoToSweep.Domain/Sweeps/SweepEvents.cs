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

    /// <summary>An analysis of a completed trial is due: its groups (players) in mask order and where its adapter is.</summary>
    public sealed record AnalysisPlanned(string AnalysisId, string TrialId, string Kind, IReadOnlyList<string> Groups, string? ArtifactDir, DateTimeOffset At) : ISweepEvent;

    /// <summary>A work unit is leased; <c>Coalitions</c> are the ones it needs whose values are not known yet.</summary>
    public sealed record AnalysisUnitStarted(string AnalysisId, int Unit, int Attempt, string Worker, IReadOnlyList<ulong> Coalitions, DateTimeOffset At) : ISweepEvent;

    /// <summary>A unit's coalition values (aligned with <c>Coalitions</c>), the first result of the unit journaled.</summary>
    public sealed record AnalysisUnitCompleted(string AnalysisId, int Unit, int Attempt, IReadOnlyList<ulong> Coalitions, IReadOnlyList<double> Values, DateTimeOffset At) : ISweepEvent;

    /// <summary>The unit's attempt was lost (worker lost, run interrupted) or failed with retries left; it is leased again.</summary>
    public sealed record AnalysisUnitRequeued(string AnalysisId, int Unit, int Attempt, string Reason, bool Fault, DateTimeOffset At) : ISweepEvent;

    public sealed record AnalysisCompleted(string AnalysisId, Analyses.ShapleyResult Result, DateTimeOffset At) : ISweepEvent;

    public sealed record AnalysisFailed(string AnalysisId, string Reason, DateTimeOffset At) : ISweepEvent;
}

public static class RegistryEvents
{
    public sealed record SweepRegistered(string SweepId, string Name, DateTimeOffset At) : ISweepEvent;
}
