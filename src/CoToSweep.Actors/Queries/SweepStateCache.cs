using CoToSweep.Actors.Coordinator;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

/// <summary>
/// One <see cref="SweepState"/> per sweep, kept up to date from the journal by applying only the events newer than the
/// last one applied (the HTTP API reads sweeps many times a second; replaying every event each time would not keep
/// up). The same Domain code as <see cref="SweepCatalog"/>, so the states are the ones <c>status</c> rebuilds. A sweep
/// that is no longer registered (deleted) is dropped, and one whose journal restarted below the cached sequence number
/// (deleted and run again) is rebuilt. Thread-safe.
/// </summary>
public sealed class SweepStateCache(IJournalReader journal)
{
    private sealed record Entry(SweepState State, long SequenceNr);

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
            var newer = journal.Events(persistenceId, (entry?.SequenceNr ?? 0) + 1);
            if (entry is not null && newer.Count > 0 && newer[0].SequenceNr != entry.SequenceNr + 1) entry = null;
            if (entry is not null && newer.Count == 0 && journal.Events(persistenceId, entry.SequenceNr).Count == 0) entry = null;   // deleted
            if (entry is null && (newer.Count == 0 || newer[0].SequenceNr != 1)) newer = journal.Events(persistenceId, 1);
            if (entry is null && newer.Count == 0)
            {
                _entries.Remove(sweepId);
                return null;
            }
            var state = entry?.State ?? SweepState.Empty(sweepId);
            foreach (var e in newer) state = state.Apply(e.Event);
            _entries[sweepId] = new Entry(state, newer.Count > 0 ? newer[^1].SequenceNr : entry!.SequenceNr);
            return state;
        }
    }

    /// <summary>Every registered sweep that has events, in registration order.</summary>
    public IReadOnlyList<SweepState> All() => Registered().Select(Load).OfType<SweepState>().ToList();
}
