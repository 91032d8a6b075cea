using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Serialization;

/// <summary>One realistic instance of every message the codec knows, for the round-trip tests.</summary>
public static class MessageSamples
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 12, 0, 0, TimeSpan.FromHours(1));

    public const string Yaml = """
        name: sample
        trial:
          kind: command
          command: [sh, -c, "echo {lr} {schedule.shape}"]
          schedule: { shape: linear }
        objective: { metric: val_acc, direction: maximize, use: best }
        search:
          algorithm: random
          max_trials: 4
          seeds: [0, 1]
          space:
            lr: { loguniform: [1.0e-4, 1.0e-2] }
            schedule.shape: [linear, cosine]
            rank: { int: [2, 8] }
            wd: { uniform: [0, 0.1] }
            opt: { choice: [adamw, sgd] }
            batch: 32
        timeout: 90s
        retries: 2
        """;

    public static SweepDefinition Definition => SpecReader.Parse(Yaml, "/tmp/sweeps");

    private static readonly Dictionary<string, double> Metrics = new() { ["val_acc"] = 0.8125, ["loss"] = double.NaN, ["step"] = 100 };

    public static IEnumerable<object> All()
    {
        var d = Definition;
        var plan = Domain.Search.TrialPlanner.Plan(d.Spec!);
        var assignment = new TrialAssignment(d.Id, plan[0].Id, 2, plan[0].Seed, plan[0].Params, d.Spec!.Trial, d.Spec.Objective,
            90, "/state/artifacts/x/t0000-s0/attempt-2", "/tmp/sweeps");
        var unit = new Domain.Analyses.AnalysisUnitAssignment(d.Id, "merge-c0000", "merge", "t0000-s0", 3, 1, "coto",
            ["layer0.q", "layer0.v"], [0UL, 3UL, 5UL, 7UL],
            [new Domain.Analyses.MaskProbe("/a/t0000-s0/attempt-1", 3UL, "val"),
             new Domain.Analyses.InterpolateProbe("/a/t0000-s0/attempt-1", "/a/t0000-s1/attempt-1", 0.25, "factors", "test", "fmnist-rotated"),
             new Domain.Analyses.MergeProbe(["/a", "/b", "/c"], "ties", 1.0, 0.2, 0.5, 7, "val", "fmnist-inverted"),
             new Domain.Analyses.MagnitudeProbe("/a", 0.9, "global", "ood"),
             new Domain.Analyses.CorruptProbe("/a", 3, "replace", 0.02, 77, "test")]);
        yield return new SweepEvents.SweepSubmitted(d.Id, d.Spec, d.Text, d.CanonicalJson, d.BaseDirectory, At);
        yield return new SweepEvents.TrialsPlanned(plan, At);
        yield return new SweepEvents.BudgetChanged(20, [0, 1, 2], d.Text, d.CanonicalJson, At);
        yield return new SweepEvents.TrialStarted("t0000-s0", 1, "host/slot-0", "/a/b", At);
        yield return new SweepEvents.TrialReported("t0000-s0", 1, 50, Metrics, At);
        yield return new SweepEvents.TrialCompleted("t0000-s0", 1, Metrics, 0.8125, At);
        yield return new SweepEvents.TrialFailed("t0000-s0", 1, "exit code 3: \"boom\"", false, At);
        yield return new SweepEvents.TrialRequeued("t0000-s0", 1, "worker lost", At);
        yield return new SweepEvents.SweepCompleted(true, At);
        yield return new SweepEvents.SweepCancelled("cancelled with `cotosweep cancel`", At);
        yield return new SweepEvents.SweepPaused("paused with `cotosweep pause`", At);
        yield return new SweepEvents.SweepUnpaused(At);
        yield return new SweepEvents.TrialStopped("t0000-s0", 1, "early stopping (asha): 0.5 at rung 10", Metrics, 0.8125, At);
        yield return new SweepEvents.AnalysisPlanned("merge-c0000", "merge", ["t0000-s0", "t0000-s1"], ["layer0.q", "layer0.v"],
            ["/a/t0000-s0/attempt-1", null], At);
        yield return new SweepEvents.AnalysisUnitStarted("shapley-t0000-s0", 3, 1, "host/slot-0", [0UL, 3UL, ulong.MaxValue >> 1], At);
        yield return new SweepEvents.AnalysisUnitCompleted("shapley-t0000-s0", 3, 1, [0UL, 3UL],
            [new Domain.Analyses.ProbeResult(0.1 + 0.2, 1e-300), new Domain.Analyses.ProbeResult(0.5, double.NaN)], At);
        yield return new SweepEvents.AnalysisUnitRequeued("shapley-t0000-s0", 3, 1, "worker lost", false, At);
        yield return new SweepEvents.AnalysisCompleted("shapley-t0000-s0", new Domain.Analyses.ShapleyResult("antithetic", [0.25, -0.125],
            [0.01, double.NaN], 40, 64, 8, 0.8, 0.1, "target half-width 0.005 reached"), At);
        yield return new SweepEvents.AnalysisCompleted("merge-c0000", new Domain.Analyses.MergeResult("seeds",
            [new Domain.Analyses.MergeCurve("t0000-s0", "t0000-s1", "delta", [0, 0.5, 1], [0.8, 0.6, 0.7], [0.5, 0.9, 0.6], 0.15, 0.35, 0.6)],
            [new Domain.Analyses.TaskMerge("ties", "fmnist-rotated", "t0000-s0", 0.6, 1.1, 0.8, 0.75)]), At);
        yield return new SweepEvents.AnalysisCompleted("prune-t0000-s0", new Domain.Analyses.PruneResult(
            [new Domain.Analyses.PruneCurve("structured", "everyother", [0, 0.5, 1], [0.8, 0.5, 0.1], [0.5, 1.2, 2.3], 0.53, 0.5)]), At);
        yield return new SweepEvents.AnalysisCompleted("corruption-t0000-s0", new Domain.Analyses.CorruptionResult(0.8,
            [new Domain.Analyses.CorruptionPoint(0, "rescale", 0.5, 0.2, 0.1, 0.81, 0.01)], 1, 1, 0, 0), At);
        yield return new SweepEventsV1.AnalysisPlanned("shapley-t0000-s0", "t0000-s0", "shapley", ["layer0.q", "layer0.v"], "/a/t0000-s0/attempt-1", At);
        yield return new SweepEventsV1.AnalysisUnitStarted("shapley-t0000-s0", 3, 1, "host/slot-0", [0UL, 3UL], At);
        yield return new SweepEventsV1.AnalysisUnitCompleted("shapley-t0000-s0", 3, 1, [0UL, 3UL], [0.1 + 0.2, 1e-300], At);
        yield return new SweepEventsV1.AnalysisCompleted("shapley-t0000-s0", new Domain.Analyses.ShapleyResult("antithetic", [0.25, -0.125],
            [0.01, double.NaN], 40, 64, 8, 0.8, 0.1, "target half-width 0.005 reached"), At);
        yield return new SweepEvents.AnalysisFailed("shapley-t0000-s0", "unit 2: no trained adapter", At);
        yield return new RegistryEvents.SweepRegistered(d.Id, "sample", At);
        yield return new SweepCommands.SubmitSweep(d, At);
        yield return new SweepCommands.ResumeSweep(At);
        yield return new SweepCommands.CancelSweep("cancelled with `cotosweep cancel`", At);
        yield return new SweepCommands.PauseSweep("paused with `cotosweep pause`", At);
        yield return new SweepCommands.UnpauseSweep(At);
        yield return new SweepCommands.LeaseTrial("w", "/root", At, 1);
        yield return new SweepCommands.ReportProgress("t", 1, 3, Metrics, At);
        yield return new SweepCommands.CompleteTrial("t", 1, Metrics, 0.5, At);
        yield return new SweepCommands.FailTrial("t", 1, "timed out after 90s", true, At);
        yield return new SweepCommands.CompleteAnalysisUnit("shapley-t0000-s0", 3, 2, [1UL, 2UL], [new Domain.Analyses.ProbeResult(0.5, 0.75), new Domain.Analyses.ProbeResult(0.25, 1.5)], At);
        yield return new SweepCommands.FailAnalysisUnit("shapley-t0000-s0", 3, 2, "FileNotFoundException: no trained adapter", true, At);
        yield return assignment;
        yield return unit;
        yield return new WorkProtocol.RequestWork("w", "/root", 1);
        yield return new WorkProtocol.WorkLeased(assignment);
        yield return new WorkProtocol.UnitLeased(unit);
        yield return WorkProtocol.NoWork.Instance;
        yield return new WorkProtocol.WorkAvailable("s");
        yield return new WorkProtocol.ResultAcknowledged("t", 3);
        yield return new WorkProtocol.ForSweep("s", new SweepCommands.CompleteTrial("t", 2, Metrics, 0.5, At));
        yield return new WorkProtocol.ResultThenAsk("s", new SweepCommands.FailTrial("t", 2, "timed out", true, At), new WorkProtocol.RequestWork("w", "/root", 1));
        yield return new WorkProtocol.Heartbeat("s", "t", 2, "akka.tcp://cotosweep@127.0.0.1:5001/slot-0");
        yield return new WorkProtocol.StopTrial("s", "shapley-t0000-s0/u3", 2, "the sweep was cancelled");
        yield return new WorkProtocol.ForSweep("s", new SweepCommands.CancelSweep("r", At));
        yield return new SweepQueries.GetState("s");
        yield return new SweepQueries.UnknownSweep("s");
        yield return SweepRegistry.ListSweeps.Instance;
        yield return new SweepRegistry.SweepList(["a-1", "b-2"]);
        yield return new SweepCoordinator.SweepAccepted("s");
        yield return new SweepCoordinator.SweepRefused("s", "sweep s was cancelled and takes no more trials");
        yield return new SweepCoordinator.CancelAnswered("s", false, "completed", 0);
        yield return new SweepCoordinator.PauseAnswered("s", true, "running", true);
        yield return SweepQueries.GetSlots.Instance;
        yield return new SweepQueries.SlotList([new SweepQueries.SlotSeen("host/slot-0", 1, At, "s", "t0000-s0", 2, At)]);
        yield return new WorkProtocol.ForSweep("s", new SweepCommands.PauseSweep("r", At));
        yield return new SweepRegistry.RegisterSweep("s", "n");
        yield return new SweepRegistry.SweepRegisteredAck("s");
        var state = SweepState.Replay(d.Id, [
            new SweepEvents.SweepSubmitted(d.Id, d.Spec, d.Text, d.CanonicalJson, d.BaseDirectory, At),
            new SweepEvents.TrialsPlanned(plan, At),
            new SweepEvents.TrialStarted(plan[0].Id, 1, "host/slot-0", "/a/b", At),
            new SweepEvents.TrialReported(plan[0].Id, 1, 50, Metrics, At),
            new SweepEvents.TrialCompleted(plan[0].Id, 1, Metrics, 0.8125, At),
            new SweepEvents.TrialStarted(plan[1].Id, 1, "host/slot-1", "/a/c", At),
            new SweepEvents.TrialFailed(plan[1].Id, 1, "exit code 3", false, At)]);
        yield return new CoToSweep.Actors.Persistence.SweepSnapshot(state);
        yield return new CoToSweep.Actors.Persistence.SweepOverviewSnapshot(SweepOverview.Of(state));
    }
}
