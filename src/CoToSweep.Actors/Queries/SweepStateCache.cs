using CoToSweep.Actors.Coordinator;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

/// <summary>
/// One <see cref="SweepState"/> per sweep, kept up to date from the journal by applying only the events newer than the
/// last one applied (the HTTP API reads sweeps many times a second; replaying every event each time would not keep
/// up). The same Domain code as <see cref="SweepCatalog"/>, so the states are the ones <c>status</c> rebuilds. Each load
/// also reads the last event it applied again: when that is gone or different (the sweep was deleted, and maybe run
/// again) the state is rebuilt from the start. Thread-safe.
/// </summary>
public sealed class SweepStateCache(IJournalReader journal)
{
    /// <summary>The state after the event at <c>SequenceNr</c>, which was <c>Last</c>.</summary>
    private sealed record Entry(SweepState State, long SequenceNr, ISweepEvent Last);

    private readonly Dictionary<string, Entry> _entries = [];
    private readonly Lock _lock = new();

    public IJournalReader Journal => journal;

    /// <summary>Registered sweep ids, in registration order.</summary>
    public IReadOnlyList<string> Registered() => new SweepCatalog(journal).Registered().Select(r => r.SweepId).ToList();

    /// <summary>The sweep's state with everything journaled so far, or null for a sweep with no events.</summary>
    public SweepState? Load(string sweepId)
    {
        lock (_lock)
        {
            var entry = _entries.GetValueOrDefault(sweepId);
            var persistenceId = SweepCoordinator.PersistenceIdFor(sweepId);
            // From the last event applied on: it must still be there, the same, or the journal was rewritten (deleted, run again).
            var rows = journal.Events(persistenceId, entry?.SequenceNr ?? 1);
            if (entry is not null && (rows.Count == 0 || rows[0].SequenceNr != entry.SequenceNr || !Same(rows[0].Event, entry.Last)))
            {
                entry = null;
                rows = journal.Events(persistenceId, 1);
            }
            var newer = entry is null ? rows : rows.Skip(1).ToList();
            if (entry is null && newer.Count == 0)
            {
                _entries.Remove(sweepId);
                return null;
            }
            var state = entry?.State ?? SweepState.Empty(sweepId);
            foreach (var e in newer) state = state.Apply(e.Event);
            if (newer.Count > 0) _entries[sweepId] = new Entry(state, newer[^1].SequenceNr, newer[^1].Event);
            return state;
        }
    }

    private static bool Same(ISweepEvent a, ISweepEvent b) =>
        a.GetType() == b.GetType() && a.At == b.At && Serialization.SweepMessageCodec.Serialize(a).AsSpan().SequenceEqual(Serialization.SweepMessageCodec.Serialize(b));

    /// <summary>Every registered sweep that has events, in registration order.</summary>
    public IReadOnlyList<SweepState> All() => Registered().Select(Load).OfType<SweepState>().ToList();
}
