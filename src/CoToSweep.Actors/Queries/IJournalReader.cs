using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

/// <summary>
/// Reads journaled events directly, without an actor system, so that <c>status</c> and <c>leaderboard</c> work with
/// no coordinator running, and while one runs (they see everything committed so far). Never writes.
/// </summary>
public interface IJournalReader
{
    /// <summary>The events with a sequence number above <paramref name="afterSequenceNr"/>, in order.</summary>
    IReadOnlyList<ISweepEvent> Events(string persistenceId, long afterSequenceNr = 0);

    /// <summary>The newest snapshot in the snapshot store (what a recovering coordinator starts from), or null.</summary>
    StoredSnapshot? LatestSnapshot(string persistenceId);
}

/// <summary>A snapshot taken once event <paramref name="SequenceNr"/> was journaled.</summary>
public sealed record StoredSnapshot(long SequenceNr, object Snapshot);
