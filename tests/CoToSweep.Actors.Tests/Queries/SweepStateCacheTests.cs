using System.Text.Json;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Queries;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Queries;

/// <summary>The cache applies only newer events and always equals a full replay; a deleted or restarted journal is read afresh.</summary>
public sealed class SweepStateCacheTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An in-memory journal that counts the events it hands out.</summary>
    private sealed class Journal : IJournalReader
    {
        public readonly Dictionary<string, List<ISweepEvent>> Rows = [];
        public int Read { get; private set; }

        public IReadOnlyList<JournaledEvent> Events(string persistenceId, long fromSequenceNr)
        {
            var rows = Rows.GetValueOrDefault(persistenceId) ?? [];
            var events = rows.Select((e, i) => new JournaledEvent(i + 1, e)).Where(e => e.SequenceNr >= fromSequenceNr).ToList();
            Read += events.Count;
            return events;
        }

        /// <summary>What the snapshot store holds (one persistence id is enough here).</summary>
        public StoredSnapshot? Snapshot { get; set; }

        /// <summary>Set: the snapshot store's row cannot be decoded (a damaged or foreign snapshot).</summary>
        public bool Undecodable { get; set; }

        public StoredSnapshot? LatestSnapshot(string persistenceId) =>
            Undecodable ? throw new InvalidDataException("not a SweepSnapshot.v1 payload") : Snapshot;

        public void Append(string persistenceId, IEnumerable<ISweepEvent> events)
        {
            if (!Rows.TryGetValue(persistenceId, out var rows)) Rows[persistenceId] = rows = [];
            rows.AddRange(events);
        }
    }

    private static readonly SweepDefinition Definition = SpecReader.Parse("""
        name: cached
        trial: { kind: noop }
        objective: { metric: score, direction: maximize }
        search: { space: { x: [1, 2, 3] } }
        """, null);

    private static string Json(SweepState? s) => JsonSerializer.Serialize(s, SweepMessageCodec.Options);

    /// <summary>Decides and applies a command the way the coordinator does, journaling its events.</summary>
    private static SweepState Do(Journal journal, SweepState state, ISweepCommand command)
    {
        var events = state.Process(command);
        journal.Append(SweepCoordinator.PersistenceIdFor(Definition.Id), events);
        return events.Aggregate(state, (s, e) => s.Apply(e));
    }

    [Fact]
    public void Each_load_reads_only_new_events_and_equals_a_full_replay()
    {
        var journal = new Journal();
        journal.Append(SweepRegistry.Id, [new RegistryEvents.SweepRegistered(Definition.Id, "cached", T0)]);
        var state = Do(journal, SweepState.Empty(Definition.Id), new SweepCommands.SubmitSweep(Definition, T0));
        var cache = new SweepStateCache(journal);
        Assert.Equal(Json(state), Json(cache.Load(Definition.Id)));

        var before = journal.Read;
        Assert.Equal(Json(state), Json(cache.Load(Definition.Id)));
        Assert.True(journal.Read - before <= 1, "nothing new: at most the last event is read again (the deletion check)");

        var pid = SweepCoordinator.PersistenceIdFor(Definition.Id);
        for (var i = 0; i < 3; i++)
        {
            var journaled = journal.Rows[pid].Count;
            state = Do(journal, state, new SweepCommands.LeaseTrial("w", "/a", T0.AddSeconds(i)));
            var trial = state.TrialsInOrder.Last(t => t.Status == TrialStatus.Running);
            state = Do(journal, state, new SweepCommands.CompleteTrial(trial.Id, 1, new Dictionary<string, double> { ["score"] = i }, i, T0.AddSeconds(i)));
            before = journal.Read;
            Assert.Equal(Json(state), Json(cache.Load(Definition.Id)));
            var added = journal.Rows[pid].Count - journaled;
            Assert.True(journal.Read - before <= added + 1, $"read {journal.Read - before} events for {added} new ones");
        }
        Assert.Equal(SweepPhase.Completed, cache.Load(Definition.Id)!.Phase);
        Assert.Equal([Definition.Id], cache.All().Select(s => s.Id));
    }

    [Fact]
    public void A_sweep_deleted_and_run_again_is_rebuilt_not_appended_to()
    {
        var journal = new Journal();
        journal.Append(SweepRegistry.Id, [new RegistryEvents.SweepRegistered(Definition.Id, "cached", T0)]);
        var state = Do(journal, SweepState.Empty(Definition.Id), new SweepCommands.SubmitSweep(Definition, T0));
        state = Do(journal, state, new SweepCommands.LeaseTrial("w", "/a", T0));
        var cache = new SweepStateCache(journal);
        Assert.Equal(1, cache.Load(Definition.Id)!.Count(TrialStatus.Running));

        journal.Rows.Remove(SweepCoordinator.PersistenceIdFor(Definition.Id));   // `cotosweep delete`
        Assert.Null(cache.Load(Definition.Id));
        var again = Do(journal, SweepState.Empty(Definition.Id), new SweepCommands.SubmitSweep(Definition, T0.AddHours(1)));
        Assert.Equal(Json(again), Json(cache.Load(Definition.Id)));
        Assert.Equal(0, cache.Load(Definition.Id)!.Count(TrialStatus.Running));

        // Deleted and run again further than before between two loads: the old tail is not taken for the new one.
        journal.Rows.Remove(SweepCoordinator.PersistenceIdFor(Definition.Id));
        var third = Do(journal, SweepState.Empty(Definition.Id), new SweepCommands.SubmitSweep(Definition, T0.AddHours(2)));
        for (var i = 0; i < 3; i++) third = Do(journal, third, new SweepCommands.LeaseTrial("w", "/a", T0.AddHours(2)));
        Assert.Equal(Json(third), Json(cache.Load(Definition.Id)));
    }

    [Fact]
    public void A_first_load_starts_from_the_newest_snapshot_and_reads_only_the_events_after_it()
    {
        var journal = new Journal();
        journal.Append(SweepRegistry.Id, [new RegistryEvents.SweepRegistered(Definition.Id, "cached", T0)]);
        var state = Do(journal, SweepState.Empty(Definition.Id), new SweepCommands.SubmitSweep(Definition, T0));
        state = Do(journal, state, new SweepCommands.LeaseTrial("w", "/a", T0));
        var pid = SweepCoordinator.PersistenceIdFor(Definition.Id);
        // The snapshot's state is marked (a cancelled phase no replay gives at this point): a load that ignored it would not show it.
        var marked = state with { Phase = SweepPhase.Cancelled };
        journal.Snapshot = new StoredSnapshot(journal.Rows[pid].Count, new CoToSweep.Actors.Persistence.SweepSnapshot(marked));
        state = Do(journal, state, new SweepCommands.LeaseTrial("w", "/a", T0.AddSeconds(1)));
        var expected = journal.Rows[pid].Skip((int)journal.Snapshot.SequenceNr).Aggregate(marked, (s, e) => s.Apply(e));

        var before = journal.Read;
        Assert.Equal(Json(expected), Json(new SweepStateCache(journal).Load(Definition.Id)));
        Assert.Equal(journal.Rows[pid].Count - journal.Snapshot.SequenceNr + 1, journal.Read - before);
        Assert.Equal(Json(expected), Json(new SweepCatalog(journal).Load(Definition.Id)));
    }

    [Fact]
    public void An_undecodable_snapshot_is_passed_over_and_every_event_replayed()
    {
        var journal = new Journal();
        journal.Append(SweepRegistry.Id, [new RegistryEvents.SweepRegistered(Definition.Id, "cached", T0)]);
        var state = Do(journal, SweepState.Empty(Definition.Id), new SweepCommands.SubmitSweep(Definition, T0));
        state = Do(journal, state, new SweepCommands.LeaseTrial("w", "/a", T0));
        journal.Undecodable = true;
        Assert.Equal(Json(state), Json(new SweepStateCache(journal).Load(Definition.Id)));
        Assert.Equal(Json(state), Json(new SweepCatalog(journal).Load(Definition.Id)));
    }
}
