using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Serialization;
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
        if (snapshot?.Snapshot is Persistence.SweepSnapshot s && StartAtSnapshot(rows, snapshot.SequenceNr))
            return (rows.Skip(1).Aggregate(s.State, (state, e) => state.Apply(e.Event)), rows[^1]);
        if (snapshot is not null) rows = journal.Events(id, 1);   // a snapshot without its events (never written so): replay all
        return rows.Count == 0 ? null : (SweepState.Replay(sweepId, rows.Select(r => r.Event)), rows[^1]);
    }

    /// <summary>
    /// The sweep's overview (what <c>status</c> and <c>leaderboard --top</c> read of a big sweep): the one at the start of
    /// the newest snapshot with the events after it folded in, a few kilobytes to read however big the sweep. Null when
    /// there is no such snapshot (a small sweep, or a snapshot written before v2): then the full state is as quick to load.
    /// </summary>
    public SweepOverview? LoadOverview(string sweepId)
    {
        var id = SweepCoordinator.PersistenceIdFor(sweepId);
        // The coordinator's own overview snapshot (often) or the one at the start of its state's snapshot: the newer.
        var saved = new[] { SnapshotOverview(journal, OverviewSnapshots.IdFor(sweepId)), SnapshotOverview(journal, id) }
            .OfType<(SweepOverview Overview, long SequenceNr)>().OrderByDescending(o => o.SequenceNr).ToList();
        if (saved.Count == 0) return null;
        var (overview, sequenceNr) = saved[0];
        var rows = journal.Events(id, sequenceNr);
        return StartAtSnapshot(rows, sequenceNr) ? rows.Skip(1).Aggregate(overview, (o, e) => o.Apply(e.Event)) : null;
    }

    /// <summary>
    /// Whether events read from a snapshot's sequence number on start with the snapshot's own last event (already in it,
    /// so the rest is what to fold in); otherwise the journal lacks it and the snapshot is not used.
    /// </summary>
    private static bool StartAtSnapshot(IReadOnlyList<JournaledEvent> rows, long sequenceNr) => rows.Count > 0 && rows[0].SequenceNr == sequenceNr;

    /// <summary>The sweep as <c>status</c> shows it: from its overview when there is one that answers for it, else from the full state.</summary>
    public SweepSummary? Summary(string sweepId, Persistence.LockHolder? live) =>
        LoadOverview(sweepId) is { Answers: true } overview ? SweepSummary.Of(overview, live)
        : Load(sweepId) is { } state ? SweepSummary.Of(state, live) : null;

    /// <summary>The overview at the start of the newest snapshot, or null when there is none to read (no v2 snapshot, or undecodable).</summary>
    private static (SweepOverview Overview, long SequenceNr)? SnapshotOverview(IJournalReader journal, string persistenceId) =>
        Decoded(() => OverviewHead(journal, persistenceId) is { } head && SweepSnapshotCodec.ReadOverview(head.Head, head.Manifest) is { } overview
            ? (overview, head.SequenceNr)
            : ((SweepOverview, long)?)null);

    /// <summary>The newest snapshot's first bytes, up to the end of its overview, or null when it has none (or none is stored).</summary>
    private static StoredSnapshotHead? OverviewHead(IJournalReader journal, string persistenceId)
    {
        var head = journal.LatestSnapshotHead(persistenceId, SweepSnapshotCodec.OverviewProbeBytes);
        if (head is null || !HasOverview(head)) return null;
        var length = SweepSnapshotCodec.OverviewLength(head.Head);
        // A long overview is read again whole (a newer snapshot may have come in between: its own length is checked).
        if (length > head.Head.Length) head = journal.LatestSnapshotHead(persistenceId, length);
        return head is null || !HasOverview(head) || SweepSnapshotCodec.OverviewLength(head.Head) > head.Head.Length ? null : head;
    }

    /// <summary>What a snapshot reader gives, or null when the snapshot cannot be decoded (its readers then fall back to the events).</summary>
    private static T? Decoded<T>(Func<T?> read)
    {
        try { return read(); }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or System.Text.Json.JsonException) { return default; }
    }

    /// <summary>
    /// What running the sweep again needs (<c>resume</c>, or <c>run</c> of an edited file): its spec with the budget now,
    /// the file's text and canonical form, and whether it is paused. Read from the start of the newest snapshot and the
    /// events after it, so a million-trial sweep's trials are not loaded for it (the coordinator that runs it loads them
    /// anyway); from the whole state when there is no such snapshot.
    /// </summary>
    public SweepSubmission? LoadSubmission(string sweepId)
    {
        var id = SweepCoordinator.PersistenceIdFor(sweepId);
        var saved = Decoded(() => OverviewHead(journal, id) is { } head && SweepSnapshotCodec.ReadSubmission(head.Head, head.Manifest) is var (submitted, paused)
            ? (new SweepSubmission(submitted.Spec, submitted.SpecText, submitted.CanonicalJson, submitted.BaseDirectory, paused), head.SequenceNr)
            : ((SweepSubmission, long)?)null);
        if (saved is var (submission, sequenceNr) && journal.Events(id, sequenceNr) is var rows && StartAtSnapshot(rows, sequenceNr))
            return rows.Skip(1).Aggregate(submission, (s, e) => s.Apply(e.Event));
        return Load(sweepId) is { } state ? SweepSubmission.Of(state) : null;
    }

    private static bool HasOverview(StoredSnapshotHead head) => head.Manifest is SweepSnapshotCodec.Manifest or SweepSnapshotCodec.OverviewManifest;

    /// <summary>
    /// The newest snapshot, or null when there is none or it cannot be decoded (then every event is replayed: slower,
    /// but the journal alone has everything).
    /// </summary>
    private static StoredSnapshot? Readable(IJournalReader journal, string persistenceId) => Decoded(() => journal.LatestSnapshot(persistenceId));

    /// <summary>Finds a sweep by full id, or by a unique prefix / name (as a user types it).</summary>
    public string? Resolve(string idOrPrefix)
    {
        var ids = Registered().Select(r => r.SweepId).ToList();
        if (ids.Contains(idOrPrefix)) return idOrPrefix;
        var matches = ids.Where(id => id.StartsWith(idOrPrefix, StringComparison.Ordinal)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}
