using CoToSweep.Domain;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Persistence;

/// <summary>
/// What a sweep coordinator saves in the snapshot store: its whole state at a sequence number, so that recovery (and
/// <c>status</c>) replays only the events after it. Serialized by <see cref="Serialization.SweepSnapshotCodec"/>.
/// </summary>
public sealed record SweepSnapshot(SweepState State) : ISweepMessage;
