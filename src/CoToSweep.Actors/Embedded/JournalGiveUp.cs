using Akka.Actor;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Persistence;

namespace CoToSweep.Actors.Embedded;

/// <summary>An embedded run's journal stayed unwritable: the run ends (exit 1); running the same command again resumes it.</summary>
public sealed class JournalUnwritableException(string message) : Exception(message);

/// <summary>
/// Listens for <see cref="JournalStalls.SweepStalled"/> of one sweep and fails <see cref="GaveUp"/> once its journal has
/// stayed unwritable for <c>giveUpAfter</c> (measured between the manager's timestamps of the first and the latest
/// failed attempt, so a passing fault that a restart cures is ridden out).
/// </summary>
internal sealed class JournalGiveUp : ReceiveActor
{
    private readonly TaskCompletionSource _gaveUp;

    private JournalGiveUp(string sweepId, JournalSettings journal, TimeSpan giveUpAfter, TaskCompletionSource gaveUp)
    {
        _gaveUp = gaveUp;
        Receive<JournalStalls.SweepStalled>(s => s.SweepId == sweepId && s.Duration >= giveUpAfter, s =>
            _gaveUp.TrySetException(new JournalUnwritableException(Message(s.Reason, journal))));
        Receive<JournalStalls.SweepStalled>(_ => { });
    }

    public static Props Props(string sweepId, JournalSettings journal, TimeSpan giveUpAfter, TaskCompletionSource gaveUp) =>
        Akka.Actor.Props.Create(() => new JournalGiveUp(sweepId, journal, giveUpAfter, gaveUp));

    /// <summary>"journal write failed: database or disk is full (/x/journal.db); free space and run the same command again to resume".</summary>
    public static string Message(string reason, JournalSettings journal)
    {
        var full = reason.Contains("full", StringComparison.OrdinalIgnoreCase) || reason.Contains("No space", StringComparison.OrdinalIgnoreCase);
        var advice = full ? "free space and run the same command again to resume" : "fix the journal and run the same command again to resume";
        return $"{reason} ({journal.Describe()}); {advice}";
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(JournalStalls.SweepStalled));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
