using Akka.Actor;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Persistence;

namespace CoToSweep.Actors.Embedded;

/// <summary>An embedded run's journal stayed unwritable: the run ends (exit 1); running the same command again resumes it.</summary>
public sealed class JournalUnwritableException(string message) : Exception(message);

/// <summary>
/// Listens for the stalls of one sweep and fails <c>gaveUp</c> when no journal write has succeeded within
/// <c>giveUpAfter</c> of a failed one (a passing fault that a restart cures is ridden out; the slots re-send their
/// results every few seconds, so a writable journal is written again well within that time).
/// </summary>
public sealed class JournalGiveUp : ReceiveActor, IWithTimers
{
    private string? _reason;

    public ITimerScheduler Timers { get; set; } = null!;

    public JournalGiveUp(string sweepId, JournalSettings journal, TimeSpan giveUpAfter, TaskCompletionSource gaveUp)
    {
        Receive<JournalStalls.SweepStalled>(s => s.SweepId == sweepId, s =>
        {
            _reason = s.Reason;
            if (!Timers.IsTimerActive("give-up")) Timers.StartSingleTimer("give-up", GiveUp.Instance, giveUpAfter);
        });
        Receive<JournalStalls.SweepUnstalled>(s => s.SweepId == sweepId, _ => Timers.Cancel("give-up"));
        Receive<GiveUp>(_ => gaveUp.TrySetException(new JournalUnwritableException(Message(_reason!, journal))));
        ReceiveAny(_ => { });
    }

    private sealed record GiveUp
    {
        public static readonly GiveUp Instance = new();
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

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(JournalStalls.SweepStalled));
        Context.System.EventStream.Subscribe(Self, typeof(JournalStalls.SweepUnstalled));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
