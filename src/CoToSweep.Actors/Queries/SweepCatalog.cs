using CoToSweep.Actors.Coordinator;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

/// <summary>Every sweep of a journal, rebuilt with the same Domain code the coordinator runs.</summary>
public sealed class SweepCatalog(IJournalReader journal)
{
    public IReadOnlyList<RegistryEvents.SweepRegistered> Registered() =>
        journal.Events(SweepRegistry.Id).OfType<RegistryEvents.SweepRegistered>().DistinctBy(r => r.SweepId).ToList();

    /// <summary>The sweep's state as a recovering coordinator rebuilds it: from its newest snapshot plus the events after it.</summary>
    public SweepState? Load(string sweepId) => LoadWithLast(journal, sweepId)?.State;

    /// <summary>The state, and the last event it includes (with its sequence number), or null for a sweep with no events.</summary>
    internal static (SweepState State, JournaledEvent Last)? LoadWithLast(IJournalReader journal, string sweepId)
    {
        var id = SweepCoordinator.PersistenceIdFor(sweepId);
        var snapshot = Readable(journal, id);
        // From the snapshot's own last event on: the first row is already in the snapshot's state.
        var rows = journal.Events(id, snapshot?.SequenceNr ?? 1);
        if (snapshot?.Snapshot is Persistence.SweepSnapshot s && rows.Count > 0 && rows[0].SequenceNr == snapshot.SequenceNr)
            return (rows.Skip(1).Aggregate(s.State, (state, e) => state.Apply(e.Event)), rows[^1]);
        if (snapshot is not null) rows = journal.Events(id, 1);   // a snapshot without its events (never written so): replay all
        return rows.Count == 0 ? null : (SweepState.Replay(sweepId, rows.Select(r => r.Event)), rows[^1]);
    }

    /// <summary>
    /// The newest snapshot, or null when there is none or it cannot be decoded (then every event is replayed: slower,
    /// but the journal alone has everything).
    /// </summary>
    private static StoredSnapshot? Readable(IJournalReader journal, string persistenceId)
    {
        try { return journal.LatestSnapshot(persistenceId); }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or System.Text.Json.JsonException) { return null; }
    }

    /// <summary>Finds a sweep by full id, or by a unique prefix / name (as a user types it).</summary>
    public string? Resolve(string idOrPrefix)
    {
        var ids = Registered().Select(r => r.SweepId).ToList();
        if (ids.Contains(idOrPrefix)) return idOrPrefix;
        var matches = ids.Where(id => id.StartsWith(idOrPrefix, StringComparison.Ordinal)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}
