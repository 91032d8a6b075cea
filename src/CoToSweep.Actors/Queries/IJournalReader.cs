using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

/// <summary>An event with its sequence number in its persistent actor's journal.</summary>
public readonly record struct JournaledEvent(long SequenceNr, ISweepEvent Event);

/// <summary>A snapshot taken once event <paramref name="SequenceNr"/> was journaled.</summary>
public sealed record StoredSnapshot(long SequenceNr, object Snapshot);

/// <summary>The first bytes of the newest snapshot (<paramref name="Head"/>: at most as many as were asked for), and how it was written.</summary>
public sealed record StoredSnapshotHead(long SequenceNr, string Manifest, byte[] Head);

/// <summary>
/// Reads journaled events directly, without an actor system, so that <c>status</c> and <c>leaderboard</c> work with
/// no coordinator running, and while one runs (they see everything committed so far). Never writes.
/// </summary>
public interface IJournalReader
{
    /// <summary>The events of <paramref name="persistenceId"/> from sequence number <paramref name="fromSequenceNr"/> on, in order.</summary>
    IReadOnlyList<JournaledEvent> Events(string persistenceId, long fromSequenceNr);

    /// <summary>The newest snapshot in the snapshot store (what a recovering coordinator starts from), or null.</summary>
    StoredSnapshot? LatestSnapshot(string persistenceId);

    /// <summary>
    /// The first <paramref name="bytes"/> bytes of the newest snapshot, or null when there is none: a big sweep's
    /// overview is at the start of its snapshot, and the rest can be a hundred megabytes. A reader that cannot read
    /// part of a snapshot returns null; its readers then load the whole state.
    /// </summary>
    StoredSnapshotHead? LatestSnapshotHead(string persistenceId, int bytes) => null;
}

public static class JournalReaderExtensions
{
    /// <summary>Every event of <paramref name="persistenceId"/>, in order.</summary>
    public static IReadOnlyList<ISweepEvent> Events(this IJournalReader reader, string persistenceId) =>
        reader.Events(persistenceId, 1).Select(e => e.Event).ToList();
}
