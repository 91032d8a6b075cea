using System.Text.Json.Serialization;

namespace CoToSweep.Domain.Sweeps;

/// <summary>What the coordinator is asked to do. Commands carry the time, so that deciding stays pure.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "command")]
[JsonDerivedType(typeof(SweepCommands.SubmitSweep), "submit_sweep")]
[JsonDerivedType(typeof(SweepCommands.ResumeSweep), "resume_sweep")]
[JsonDerivedType(typeof(SweepCommands.LeaseTrial), "lease_trial")]
[JsonDerivedType(typeof(SweepCommands.ReportProgress), "report_progress")]
[JsonDerivedType(typeof(SweepCommands.CompleteTrial), "complete_trial")]
[JsonDerivedType(typeof(SweepCommands.FailTrial), "fail_trial")]
[JsonDerivedType(typeof(SweepCommands.CompleteAnalysisUnit), "complete_analysis_unit")]
[JsonDerivedType(typeof(SweepCommands.FailAnalysisUnit), "fail_analysis_unit")]
[JsonDerivedType(typeof(SweepCommands.CancelSweep), "cancel_sweep")]
[JsonDerivedType(typeof(SweepCommands.PauseSweep), "pause_sweep")]
[JsonDerivedType(typeof(SweepCommands.UnpauseSweep), "unpause_sweep")]
public interface ISweepCommand : ISweepMessage
{
    DateTimeOffset At { get; }
}

public static class SweepCommands
{
    public sealed record SubmitSweep(SweepDefinition Definition, DateTimeOffset At) : ISweepCommand;

    /// <summary>Sent once after recovery: attempts that were running when the coordinator stopped are re-queued.</summary>
    public sealed record ResumeSweep(DateTimeOffset At) : ISweepCommand;

    /// <summary>A slot asks for a trial; <c>Gpus</c> is what the slot has (a trial needing more is not leased to it).</summary>
    public sealed record LeaseTrial(string Worker, string ArtifactRoot, DateTimeOffset At, int Gpus = 0) : ISweepCommand;

    public sealed record ReportProgress(string TrialId, int Attempt, long Step, IReadOnlyDictionary<string, double> Metrics, DateTimeOffset At) : ISweepCommand;

    public sealed record CompleteTrial(string TrialId, int Attempt, IReadOnlyDictionary<string, double> Metrics, double? Objective, DateTimeOffset At) : ISweepCommand;

    /// <summary><c>TrialFault</c>: the trial failed on its own (counts against <c>retries</c>); otherwise the attempt was lost.</summary>
    public sealed record FailTrial(string TrialId, int Attempt, string Reason, bool TrialFault, DateTimeOffset At) : ISweepCommand;

    /// <summary>A slot evaluated a unit's probes; <c>Results</c> aligned with <c>Probes</c>.</summary>
    public sealed record CompleteAnalysisUnit(
        string AnalysisId, int Unit, int Attempt, IReadOnlyList<ulong> Probes, IReadOnlyList<Analyses.ProbeResult> Results, DateTimeOffset At) : ISweepCommand;

    /// <summary><c>Fault</c>: the evaluation itself failed (counts against <c>retries</c>); otherwise the attempt was lost.</summary>
    public sealed record FailAnalysisUnit(string AnalysisId, int Unit, int Attempt, string Reason, bool Fault, DateTimeOffset At) : ISweepCommand;

    /// <summary>
    /// Ends a running sweep for good (<c>cotosweep cancel</c>): nothing more is leased, and the coordinator tells the slots
    /// running its trials to stop them. A sweep that is not running is left as it is.
    /// </summary>
    public sealed record CancelSweep(string Reason, DateTimeOffset At) : ISweepCommand;

    /// <summary>
    /// Holds a running sweep (<c>cotosweep pause</c>, the HTTP API): nothing more is leased (trials nor analysis units)
    /// until <see cref="UnpauseSweep"/>; what runs now finishes normally. A paused or finished sweep is left as it is.
    /// </summary>
    public sealed record PauseSweep(string Reason, DateTimeOffset At) : ISweepCommand;

    /// <summary>Lets a paused sweep lease work again (<c>cotosweep resume</c> of a paused sweep, the HTTP API).</summary>
    public sealed record UnpauseSweep(DateTimeOffset At) : ISweepCommand;
}
