using Akka.Actor;
using Akka.Persistence;
using CoToSweep.Actors.Persistence;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Coordinator;

/// <summary>
/// Keeps a coordinator's <see cref="SweepOverview"/> in step with its state and saves it to the snapshot store every
/// <see cref="CoordinatorSettings.OverviewEvery"/> events under <see cref="IdFor"/>, so that <c>status</c> and
/// <c>leaderboard --top</c> fold at most that many events onto a few kilobytes (the whole state's snapshot comes only
/// every <see cref="CoordinatorSettings.SnapshotEvery"/> events: at a million trials it is ~90 MB). Only the newest is
/// kept. Sweeps the overview does not answer for (analyses, several objectives) keep none.
/// </summary>
public sealed class OverviewSnapshots(string sweepId, int every, IActorRef snapshotStore)
{
    private SweepOverview? _overview;
    private long _since;
    private long _newest;

    public static string IdFor(string sweepId) => SweepCoordinator.PersistenceIdFor(sweepId) + ".overview";

    public bool Owns(SnapshotMetadata metadata) => metadata.PersistenceId == IdFor(sweepId);

    /// <summary>Starts from the recovered state (once, before any decision: at a million trials this reads every trial).</summary>
    public void Recovered(SweepState state) => _overview = every > 0 && SweepOverview.AnswersFor(state) ? SweepOverview.Of(state) : null;

    /// <summary>
    /// Folds decided events in; returns the overview to save once they are journaled when one is due (else null). The
    /// overview is immutable, so what is saved is exactly the state after these events.
    /// </summary>
    public SweepOverview? Decided(IReadOnlyList<ISweepEvent> events)
    {
        if (_overview is null) return null;
        foreach (var e in events) _overview = _overview.Apply(e);
        if (!_overview.Answers)
        {
            _overview = null;   // a sweep with analyses (or several objectives) keeps none
            return null;
        }
        _since += events.Count;
        if (_since < every) return null;
        _since = 0;
        return _overview;
    }

    /// <summary>Saves an overview that includes every event up to <paramref name="sequenceNr"/> (and none after it).</summary>
    public void Save(SweepOverview overview, long sequenceNr, DateTimeOffset at, IActorRef self) =>
        snapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata(IdFor(sweepId), sequenceNr, at.UtcDateTime), new SweepOverviewSnapshot(overview)), self);

    /// <summary>Only the newest overview is ever read: each save deletes below the newest saved yet (saves may finish out of order).</summary>
    public void Saved(SnapshotMetadata metadata, IActorRef self)
    {
        _newest = Math.Max(_newest, metadata.SequenceNr);
        snapshotStore.Tell(new DeleteSnapshots(IdFor(sweepId), new SnapshotSelectionCriteria(_newest - 1)), self);
    }
}
