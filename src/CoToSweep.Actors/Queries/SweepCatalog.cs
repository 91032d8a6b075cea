using CoToSweep.Actors.Coordinator;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

/// <summary>Every sweep of a journal, rebuilt with the same Domain code the coordinator runs.</summary>
public sealed class SweepCatalog(IJournalReader journal)
{
    public IReadOnlyList<RegistryEvents.SweepRegistered> Registered() =>
        journal.Events(SweepRegistry.Id).OfType<RegistryEvents.SweepRegistered>().DistinctBy(r => r.SweepId).ToList();

    /// <summary>The sweep's state as a recovering coordinator rebuilds it: from its newest snapshot plus the events after it.</summary>
    public SweepState? Load(string sweepId)
    {
        var id = SweepCoordinator.PersistenceIdFor(sweepId);
        var snapshot = journal.LatestSnapshot(id);
        var events = journal.Events(id, snapshot?.SequenceNr ?? 0);
        if (snapshot?.Snapshot is Persistence.SweepSnapshot s) return events.Aggregate(s.State, (state, e) => state.Apply(e));
        return events.Count == 0 ? null : SweepState.Replay(sweepId, events);
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
