using CoToSweep.Domain;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Persistence;

/// <summary>
/// A sweep's <see cref="SweepOverview"/> at a sequence number, saved in the snapshot store under its own persistence id
/// (<c>sweep-&lt;id&gt;.overview</c>, see <see cref="Coordinator.OverviewSnapshots"/>) far more often than the whole
/// state: it is a few kilobytes, and <c>status</c> folds only the events after it. Recovery never reads it.
/// </summary>
public sealed record SweepOverviewSnapshot(SweepOverview Overview) : ISweepMessage;
