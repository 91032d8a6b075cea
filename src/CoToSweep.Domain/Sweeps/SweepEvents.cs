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

    /// <summary>
    /// The sweep file was run again with a bigger budget (more <c>max_trials</c>, seeds appended): the same sweep plans
    /// more trials. The file's text and canonical form replace the submitted ones.
    /// </summary>
    public sealed record BudgetChanged(int? MaxTrials, IReadOnlyList<long>? Seeds, string SpecText, string CanonicalJson, DateTimeOffset At) : ISweepEvent
    {
        /// <summary>The sweep's spec with this budget.</summary>
        public SweepSpec Budgeted(SweepSpec spec) => spec with { Search = spec.Search with { MaxTrials = MaxTrials, Seeds = Seeds } };
    }

    public sealed record TrialStarted(string TrialId, int Attempt, string Worker, string ArtifactDir, DateTimeOffset At) : ISweepEvent;

    public sealed record TrialReported(string TrialId, int Attempt, long Step, IReadOnlyDictionary<string, double> Metrics, DateTimeOffset At) : ISweepEvent;

    public sealed record TrialCompleted(
        string TrialId, int Attempt, IReadOnlyDictionary<string, double> Metrics, double? Objective, DateTimeOffset At) : ISweepEvent;

    /// <summary>The trial itself failed (non-zero exit, timeout, NaN). <c>Final</c>: retries are used up.</summary>
    public sealed record TrialFailed(string TrialId, int Attempt, string Reason, bool Final, DateTimeOffset At) : ISweepEvent;

    /// <summary>The attempt was lost through no fault of the trial (worker lost, run interrupted); it runs again.</summary>
    public sealed record TrialRequeued(string TrialId, int Attempt, string Reason, DateTimeOffset At) : ISweepEvent;

    /// <summary>
    /// The early-stopping rule stopped the trial after a report (<c>Reason</c> says why); <c>Metrics</c> and
    /// <c>Objective</c> are its last values (the objective under <c>objective.use</c>).
    /// </summary>
    public sealed record TrialStopped(
        string TrialId, int Attempt, string Reason, IReadOnlyDictionary<string, double> Metrics, double? Objective, DateTimeOffset At) : ISweepEvent;

    public sealed record SweepCompleted(bool Succeeded, DateTimeOffset At) : ISweepEvent;

    /// <summary>
    /// The sweep was cancelled and ends here: its running trials lose their attempt (they count as pending again, never
    /// run), nothing more is leased, and neither resume nor a rerun of the file runs it again.
    /// </summary>
    public sealed record SweepCancelled(string Reason, DateTimeOffset At) : ISweepEvent;

    /// <summary>The sweep is paused: it leases nothing until <see cref="SweepUnpaused"/>; running work finishes normally.</summary>
    public sealed record SweepPaused(string Reason, DateTimeOffset At) : ISweepEvent;

    /// <summary>A paused sweep leases work again.</summary>
    public sealed record SweepUnpaused(DateTimeOffset At) : ISweepEvent;

    /// <summary>
    /// An analysis is due (v2): its kind, the trials whose adapters it uses (one for shapley and prune, a group for
    /// merge) with their artifact directories in the same order, and the first trial's groups (players) in mask order.
    /// </summary>
    public sealed record AnalysisPlanned(
        string AnalysisId, string Kind, IReadOnlyList<string> TrialIds, IReadOnlyList<string> Groups, IReadOnlyList<string?> ArtifactDirs,
        DateTimeOffset At) : ISweepEvent;

    /// <summary>A work unit is leased (v2); <c>Probes</c> are the ones it needs whose results are not known yet (the kind's probe numbers).</summary>
    public sealed record AnalysisUnitStarted(string AnalysisId, int Unit, int Attempt, string Worker, IReadOnlyList<ulong> Probes, DateTimeOffset At) : ISweepEvent;

    /// <summary>A unit's probe results (aligned with <c>Probes</c>), the first result of the unit journaled (v2).</summary>
    public sealed record AnalysisUnitCompleted(
        string AnalysisId, int Unit, int Attempt, IReadOnlyList<ulong> Probes, IReadOnlyList<Analyses.ProbeResult> Results, DateTimeOffset At) : ISweepEvent;

    /// <summary>The unit's attempt was lost (worker lost, run interrupted) or failed with retries left; it is leased again.</summary>
    public sealed record AnalysisUnitRequeued(string AnalysisId, int Unit, int Attempt, string Reason, bool Fault, DateTimeOffset At) : ISweepEvent;

    /// <summary>The analysis is finished with the kind's result (v2).</summary>
    public sealed record AnalysisCompleted(string AnalysisId, Analyses.AnalysisResult Result, DateTimeOffset At) : ISweepEvent;

    public sealed record AnalysisFailed(string AnalysisId, string Reason, DateTimeOffset At) : ISweepEvent;
}

public static class RegistryEvents
{
    public sealed record SweepRegistered(string SweepId, string Name, DateTimeOffset At) : ISweepEvent;
}
