using System.Text.Json;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Queries;

/// <summary>
/// <see cref="SweepCatalog.LoadSubmission"/> (what <c>resume</c> and <c>run</c> of an edited file read) gives what the
/// whole state gives, budget changes and pausing after the snapshot included, while reading only the snapshot's start
/// and the events after it.
/// </summary>
public sealed class SweepSubmissionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An in-memory journal and snapshot store of one sweep that counts the events and whole snapshots it hands out.</summary>
    private sealed class Journal(string sweepId) : IJournalReader
    {
        private readonly string _persistenceId = SweepCoordinator.PersistenceIdFor(sweepId);
        public readonly List<ISweepEvent> Rows = [];
        public (long SequenceNr, byte[] Payload)? Snapshot { get; set; }
        public int EventsRead { get; private set; }
        public int WholeSnapshotsRead { get; private set; }

        public IReadOnlyList<JournaledEvent> Events(string persistenceId, long fromSequenceNr)
        {
            if (persistenceId != _persistenceId) return [];
            var events = Rows.Select((e, i) => new JournaledEvent(i + 1, e)).Where(e => e.SequenceNr >= fromSequenceNr).ToList();
            EventsRead += events.Count;
            return events;
        }

        public StoredSnapshot? LatestSnapshot(string persistenceId)
        {
            if (persistenceId != _persistenceId || Snapshot is not var (nr, payload)) return null;
            WholeSnapshotsRead++;
            return new StoredSnapshot(nr, SweepMessageCodec.Deserialize(payload, SweepSnapshotCodec.Manifest));
        }

        public StoredSnapshotHead? LatestSnapshotHead(string persistenceId, int bytes) =>
            persistenceId == _persistenceId && Snapshot is var (nr, payload) ? new StoredSnapshotHead(nr, SweepSnapshotCodec.Manifest, payload[..Math.Min(bytes, payload.Length)]) : null;
    }

    private static SweepDefinition Sweep(string seeds) => SpecReader.Parse($$"""
        name: resumable
        trial: { kind: noop }
        objective: { metric: score, direction: maximize }
        search:
          seeds: {{seeds}}
          space: { x: [1, 2, 3] }
        """, "/home/me/sweeps");

    private static SweepState Do(Journal journal, SweepState state, ISweepCommand command)
    {
        var events = state.Process(command);
        journal.Rows.AddRange(events);
        return events.Aggregate(state, (s, e) => s.Apply(e));
    }

    private static string Json(object? o) => JsonSerializer.Serialize(o, SweepMessageCodec.Options);

    private static void AssertSame(SweepState expected, SweepSubmission? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(Json(expected.Spec), Json(actual.Spec));
        Assert.Equal((expected.SpecText, expected.CanonicalJson, expected.BaseDirectory, expected.Paused),
            (actual.SpecText, actual.CanonicalJson, actual.BaseDirectory, actual.Paused));
    }

    [Fact]
    public void After_its_snapshot_a_budget_change_and_a_pause_are_folded_in_without_loading_the_trials()
    {
        var id = Sweep("[0]").Id;
        var journal = new Journal(id);
        var state = Do(journal, SweepState.Empty(id), new SweepCommands.SubmitSweep(Sweep("[0]"), T0));
        state = Do(journal, state, new SweepCommands.LeaseTrial("w", "/runs", T0));
        var running = state.RunningInOrder.Single();
        state = Do(journal, state, new SweepCommands.CompleteTrial(running.Id, 1, new Dictionary<string, double> { ["score"] = 0.5 }, 0.5, T0));
        journal.Snapshot = (journal.Rows.Count, SweepSnapshotCodec.Write(state));
        var atSnapshot = journal.Rows.Count;

        state = Do(journal, state, new SweepCommands.SubmitSweep(Sweep("[0, 1]"), T0.AddMinutes(1)));
        state = Do(journal, state, new SweepCommands.PauseSweep("lunch", T0.AddMinutes(2)));
        Assert.Contains(journal.Rows, e => e is SweepEvents.BudgetChanged);
        Assert.True(state.Paused);

        var catalog = new SweepCatalog(journal);
        var submission = catalog.LoadSubmission(id);
        AssertSame(state, submission);
        Assert.Equal([0L, 1L], submission!.Spec.Search.Seeds!);
        Assert.Equal(0, journal.WholeSnapshotsRead);
        Assert.Equal(journal.Rows.Count - atSnapshot + 1, journal.EventsRead);   // from the snapshot's own last event on
        Assert.Equal(Json(state.Spec), Json(submission.Definition(id).Spec));
        Assert.Equal(id, submission.Definition(id).Id);

        state = Do(journal, state, new SweepCommands.UnpauseSweep(T0.AddMinutes(3)));
        AssertSame(state, catalog.LoadSubmission(id));
    }

    [Fact]
    public void Without_a_snapshot_it_is_what_the_whole_state_gives()
    {
        var id = Sweep("[0]").Id;
        var journal = new Journal(id);
        var state = Do(journal, SweepState.Empty(id), new SweepCommands.SubmitSweep(Sweep("[0]"), T0));
        state = Do(journal, state, new SweepCommands.SubmitSweep(Sweep("[0, 1, 2]"), T0.AddMinutes(1)));
        AssertSame(state, new SweepCatalog(journal).LoadSubmission(id));
        Assert.Null(new SweepCatalog(journal).LoadSubmission("never-submitted"));
    }
}
