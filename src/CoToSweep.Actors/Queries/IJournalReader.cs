using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

/// <summary>An event with its sequence number in its persistent actor's journal.</summary>
public readonly record struct JournaledEvent(long SequenceNr, ISweepEvent Event);

/// <summary>
/// Reads journaled events directly, without an actor system, so that <c>status</c> and <c>leaderboard</c> work with
/// no coordinator running, and while one runs (they see everything committed so far). Never writes.
/// </summary>
public interface IJournalReader
{
    /// <summary>The events of <paramref name="persistenceId"/> from sequence number <paramref name="fromSequenceNr"/> on, in order.</summary>
    IReadOnlyList<JournaledEvent> Events(string persistenceId, long fromSequenceNr);
}

public static class JournalReaderExtensions
{
    /// <summary>Every event of <paramref name="persistenceId"/>, in order.</summary>
    public static IReadOnlyList<ISweepEvent> Events(this IJournalReader reader, string persistenceId) =>
        reader.Events(persistenceId, 1).Select(e => e.Event).ToList();
}
