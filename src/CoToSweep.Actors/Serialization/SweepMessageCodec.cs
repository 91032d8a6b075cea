using System.Text.Json;
using System.Text.Json.Serialization;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Serialization;

/// <summary>
/// The explicit, versioned wire and journal format: System.Text.Json with one manifest per message type.
/// A manifest names a format version ("TrialCompleted.v1"); a later incompatible change adds ".v2" and keeps a
/// reader for ".v1", so old journals replay (a committed journal fixture is replayed by the tests).
/// </summary>
public static class SweepMessageCodec
{
    private static readonly (Type Type, string Manifest)[] Registry =
    [
        (typeof(SweepEvents.SweepSubmitted), "SweepSubmitted.v1"),
        (typeof(SweepEvents.TrialsPlanned), "TrialsPlanned.v1"),
        (typeof(SweepEvents.TrialStarted), "TrialStarted.v1"),
        (typeof(SweepEvents.TrialReported), "TrialReported.v1"),
        (typeof(SweepEvents.TrialCompleted), "TrialCompleted.v1"),
        (typeof(SweepEvents.TrialFailed), "TrialFailed.v1"),
        (typeof(SweepEvents.TrialRequeued), "TrialRequeued.v1"),
        (typeof(SweepEvents.SweepCompleted), "SweepCompleted.v1"),
        (typeof(SweepEvents.SweepCancelled), "SweepCancelled.v1"),
        (typeof(SweepEvents.TrialStopped), "TrialStopped.v1"),
        (typeof(SweepEventsV1.AnalysisPlanned), "AnalysisPlanned.v1"),
        (typeof(SweepEventsV1.AnalysisUnitStarted), "AnalysisUnitStarted.v1"),
        (typeof(SweepEventsV1.AnalysisUnitCompleted), "AnalysisUnitCompleted.v1"),
        (typeof(SweepEventsV1.AnalysisCompleted), "AnalysisCompleted.v1"),
        (typeof(SweepEvents.AnalysisPlanned), "AnalysisPlanned.v2"),
        (typeof(SweepEvents.AnalysisUnitStarted), "AnalysisUnitStarted.v2"),
        (typeof(SweepEvents.AnalysisUnitCompleted), "AnalysisUnitCompleted.v2"),
        (typeof(SweepEvents.AnalysisUnitRequeued), "AnalysisUnitRequeued.v1"),
        (typeof(SweepEvents.AnalysisCompleted), "AnalysisCompleted.v2"),
        (typeof(SweepEvents.AnalysisFailed), "AnalysisFailed.v1"),
        (typeof(SweepEvents.BudgetChanged), "BudgetChanged.v1"),
        (typeof(SweepEvents.SweepPaused), "SweepPaused.v1"),
        (typeof(SweepEvents.SweepUnpaused), "SweepUnpaused.v1"),
        (typeof(RegistryEvents.SweepRegistered), "SweepRegistered.v1"),
        (typeof(SweepCommands.SubmitSweep), "SubmitSweep.v1"),
        (typeof(SweepCommands.ResumeSweep), "ResumeSweep.v1"),
        (typeof(SweepCommands.LeaseTrial), "LeaseTrial.v1"),
        (typeof(SweepCommands.ReportProgress), "ReportProgress.v1"),
        (typeof(SweepCommands.CompleteTrial), "CompleteTrial.v1"),
        (typeof(SweepCommands.FailTrial), "FailTrial.v1"),
        (typeof(SweepCommands.CompleteAnalysisUnit), "CompleteAnalysisUnit.v2"),
        (typeof(SweepCommands.FailAnalysisUnit), "FailAnalysisUnit.v1"),
        (typeof(SweepCommands.CancelSweep), "CancelSweep.v1"),
        (typeof(SweepCommands.PauseSweep), "PauseSweep.v1"),
        (typeof(SweepCommands.UnpauseSweep), "UnpauseSweep.v1"),
        (typeof(Domain.Analyses.AnalysisUnitAssignment), "AnalysisUnitAssignment.v2"),
        (typeof(TrialAssignment), "TrialAssignment.v1"),
        (typeof(WorkProtocol.RequestWork), "RequestWork.v1"),
        (typeof(WorkProtocol.WorkLeased), "WorkLeased.v1"),
        (typeof(WorkProtocol.UnitLeased), "UnitLeased.v1"),
        (typeof(WorkProtocol.NoWork), "NoWork.v1"),
        (typeof(WorkProtocol.WorkAvailable), "WorkAvailable.v1"),
        (typeof(WorkProtocol.ResultAcknowledged), "ResultAcknowledged.v1"),
        (typeof(WorkProtocol.ForSweep), "ForSweep.v1"),
        (typeof(WorkProtocol.ResultThenAsk), "ResultThenAsk.v1"),
        (typeof(WorkProtocol.Heartbeat), "Heartbeat.v1"),
        (typeof(WorkProtocol.StopTrial), "StopTrial.v1"),
        (typeof(SweepQueries.GetState), "GetState.v1"),
        (typeof(SweepQueries.UnknownSweep), "UnknownSweep.v1"),
        (typeof(Coordinator.SweepRegistry.ListSweeps), "ListSweeps.v1"),
        (typeof(Coordinator.SweepRegistry.SweepList), "SweepList.v1"),
        (typeof(Coordinator.SweepCoordinator.SweepAccepted), "SweepAccepted.v1"),
        (typeof(Coordinator.SweepCoordinator.SweepRefused), "SweepRefused.v1"),
        (typeof(Coordinator.SweepCoordinator.CancelAnswered), "CancelAnswered.v1"),
        (typeof(Coordinator.SweepCoordinator.PauseAnswered), "PauseAnswered.v1"),
        (typeof(SweepQueries.GetSlots), "GetSlots.v1"),
        (typeof(SweepQueries.SlotList), "SlotList.v1"),
        (typeof(Coordinator.SweepRegistry.RegisterSweep), "RegisterSweep.v1"),
        (typeof(Coordinator.SweepRegistry.SweepRegisteredAck), "SweepRegisteredAck.v1"),
        (typeof(Persistence.SweepSnapshot), SweepSnapshotCodec.Manifest),
        (typeof(Persistence.SweepOverviewSnapshot), SweepSnapshotCodec.OverviewManifest),
    ];

    private static readonly Dictionary<Type, string> ManifestByType = Registry.ToDictionary(r => r.Type, r => r.Manifest);
    private static readonly Dictionary<string, Type> TypeByManifest = Registry.ToDictionary(r => r.Manifest, r => r.Type);

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public static IEnumerable<Type> Types => ManifestByType.Keys;

    public static string Manifest(object message) =>
        ManifestByType.TryGetValue(message.GetType(), out var m)
            ? m
            : throw new ArgumentException($"{message.GetType().FullName} has no manifest in {nameof(SweepMessageCodec)}");

    /// <summary>JSON for every message but a snapshot, which has its own binary form (a million trials in JSON would not load in seconds).</summary>
    public static byte[] Serialize(object message) => message switch
    {
        Persistence.SweepSnapshot snapshot => SweepSnapshotCodec.Write(snapshot.State),
        Persistence.SweepOverviewSnapshot overview => SweepSnapshotCodec.WriteOverview(overview.Overview),
        _ => JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), Options),
    };

    public static object Deserialize(byte[] bytes, string manifest) =>
        manifest is SweepSnapshotCodec.Manifest or SweepSnapshotCodec.ManifestV1 ? new Persistence.SweepSnapshot(SweepSnapshotCodec.Read(bytes, manifest))
        : manifest == SweepSnapshotCodec.OverviewManifest ? new Persistence.SweepOverviewSnapshot(SweepSnapshotCodec.ReadOverview(bytes, manifest)!)
        : TypeByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new JsonException($"empty {manifest} payload")
            : throw new ArgumentException($"unknown message manifest '{manifest}' (written by a newer version?)");
}
