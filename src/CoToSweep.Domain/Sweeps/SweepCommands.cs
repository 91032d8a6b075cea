namespace CoToSweep.Domain.Sweeps;

/// <summary>What the coordinator is asked to do. Commands carry the time, so that deciding stays pure.</summary>
public interface ISweepCommand : ISweepMessage
{
    DateTimeOffset At { get; }
}

public static class SweepCommands
{
    public sealed record SubmitSweep(SweepDefinition Definition, DateTimeOffset At) : ISweepCommand;

    /// <summary>Sent once after recovery: attempts that were running when the coordinator stopped are re-queued.</summary>
    public sealed record ResumeSweep(DateTimeOffset At) : ISweepCommand;

    public sealed record LeaseTrial(string Worker, string ArtifactRoot, DateTimeOffset At) : ISweepCommand;

    public sealed record ReportProgress(string TrialId, int Attempt, long Step, IReadOnlyDictionary<string, double> Metrics, DateTimeOffset At) : ISweepCommand;

    public sealed record CompleteTrial(string TrialId, int Attempt, IReadOnlyDictionary<string, double> Metrics, double? Objective, DateTimeOffset At) : ISweepCommand;

    /// <summary><c>TrialFault</c>: the trial failed on its own (counts against <c>retries</c>); otherwise the attempt was lost.</summary>
    public sealed record FailTrial(string TrialId, int Attempt, string Reason, bool TrialFault, DateTimeOffset At) : ISweepCommand;
}
