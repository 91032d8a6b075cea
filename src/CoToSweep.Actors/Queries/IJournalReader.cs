using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

/// <summary>
/// Reads journaled events directly, without an actor system, so that <c>status</c> and <c>leaderboard</c> work with
/// no coordinator running, and while one runs (they see everything committed so far). Never writes.
/// </summary>
public interface IJournalReader
{
    IReadOnlyList<ISweepEvent> Events(string persistenceId);
}
