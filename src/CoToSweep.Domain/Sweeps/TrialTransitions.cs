using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// What one event does to the trial it names: the one definition that <see cref="SweepState.Apply"/> and
/// <see cref="SweepOverview.Apply"/> share, so the overview's open trials are the state's.
/// </summary>
public static class TrialTransitions
{
    /// <summary>The trial an event is about, or null for an event about the sweep.</summary>
    public static string? TrialOf(ISweepEvent e) => e switch
    {
        TrialStarted s => s.TrialId,
        TrialReported r => r.TrialId,
        TrialCompleted c => c.TrialId,
        TrialFailed f => f.TrialId,
        TrialStopped s => s.TrialId,
        TrialRequeued r => r.TrialId,
        _ => null,
    };

    /// <summary>The trial after an event about it (<see cref="TrialOf"/>).</summary>
    public static TrialRecord Apply(TrialRecord t, ISweepEvent e) => e switch
    {
        TrialStarted s => t with
        {
            Status = TrialStatus.Running, Attempt = s.Attempt, Worker = SharedText.Of(s.Worker), StartedAt = s.At, FinishedAt = null,
            ArtifactDir = s.ArtifactDir, Reason = null,
        },
        TrialReported r => t with { Curve = t.Curve.Add(new CurvePoint(r.Step, TrialRecord.Compact(r.Metrics))) },
        TrialCompleted c => t.InAttemptDir(c.Attempt) with
        {
            Status = TrialStatus.Completed, Metrics = TrialRecord.Compact(c.Metrics), Objective = c.Objective, FinishedAt = c.At, Reason = null,
            Attempt = c.Attempt,
        },
        TrialFailed f => t with
        {
            Status = f.Final ? TrialStatus.Failed : TrialStatus.Pending, Failures = t.Failures + 1, Reason = f.Reason, FinishedAt = f.At,
        },
        TrialStopped s => t with
        {
            Status = TrialStatus.Stopped, Metrics = TrialRecord.Compact(s.Metrics), Objective = s.Objective, Reason = s.Reason, FinishedAt = s.At,
        },
        TrialRequeued r => t with { Status = TrialStatus.Pending, Reason = r.Reason, FinishedAt = r.At },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "not an event about one trial"),
    };

    /// <summary>Whether the event ends the trial (completed, failed for good, stopped): it never changes again.</summary>
    public static bool Ends(ISweepEvent e) => e is TrialCompleted or TrialStopped or TrialFailed { Final: true };

    /// <summary>A running trial when its sweep is cancelled: it loses its attempt and counts as pending again.</summary>
    public static TrialRecord Cancelled(TrialRecord t, SweepCancelled c) =>
        t with { Status = TrialStatus.Pending, Reason = $"cancelled while running: {c.Reason}", FinishedAt = c.At };
}
