using Akka.Actor;
using CoToSweep.Actors.Persistence;

namespace CoToSweep.Actors.Coordinator;

/// <summary>
/// Keeps the sweeps whose journal is unwritable (from <see cref="JournalStalls"/> on the event stream) and hands the
/// current list to <paramref name="record"/> on every change, so that <c>status</c> can say why a sweep is stalled
/// (the coordinator's lock file, or its heartbeat row on PostgreSQL).
/// </summary>
public sealed class StallRecorder : ReceiveActor
{
    private readonly Dictionary<string, SweepStall> _stalls = [];

    public StallRecorder(Action<IReadOnlyList<SweepStall>> record)
    {
        Receive<JournalStalls.SweepStalled>(s =>
        {
            _stalls[s.SweepId] = new SweepStall(s.SweepId, s.Reason, s.Since, s.Failures);
            record([.. _stalls.Values]);
        });
        Receive<JournalStalls.SweepUnstalled>(u =>
        {
            if (_stalls.Remove(u.SweepId)) record([.. _stalls.Values]);
        });
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(JournalStalls.SweepStalled));
        Context.System.EventStream.Subscribe(Self, typeof(JournalStalls.SweepUnstalled));
    }

    public static Props Props(Action<IReadOnlyList<SweepStall>> record) => Akka.Actor.Props.Create(() => new StallRecorder(record));
}
