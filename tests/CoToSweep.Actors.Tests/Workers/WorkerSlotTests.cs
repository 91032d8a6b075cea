using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using CoToSweep.Actors.Protocol;
using CoToSweep.Actors.Runners;
using CoToSweep.Actors.Workers;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Workers;

/// <summary>A slot asks once at a time, and a lease it cannot take goes back at once instead of waiting out a lease timeout.</summary>
public sealed class WorkerSlotTests : TestKit
{
    private static readonly WorkerSlotSettings Settings =
        new("node/slot-0", "/tmp/artifacts", 0, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

    /// <summary>Evaluates nothing until the test lets it: the slot stays busy meanwhile.</summary>
    private sealed class GatedAnalysis : ITrialRunner, IAnalysisRunner
    {
        public readonly TaskCompletionSource<IReadOnlyList<ProbeResult>> Gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Kind => "coto";

        public Task<TrialOutcome> RunAsync(TrialAssignment assignment, ITrialProgress progress, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<ProbeResult>> EvaluateAsync(AnalysisUnitAssignment unit, CancellationToken cancellationToken) => Gate.Task;
    }

    private static AnalysisUnitAssignment Unit(int unit) =>
        new("s", "shapley-t0000-s0", "shapley", "t0000-s0", unit, 1, "coto", ["layer0", "layer1"], [0UL, 3UL],
            [new MaskProbe("/a", 0UL, "val"), new MaskProbe("/a", 3UL, "val")]);

    /// <summary>A result sent with the request for the next work, as every result is unless the node is leaving.</summary>
    private static ISweepCommand Reported(TestProbe coordinator)
    {
        var m = coordinator.ExpectMsg<WorkProtocol.ResultThenAsk>();
        Assert.Equal(("s", "node/slot-0"), (m.SweepId, m.Next.Worker));
        return m.Result;
    }

    [Fact]
    public void A_wake_up_while_a_request_is_out_does_not_ask_twice()
    {
        var coordinator = CreateTestProbe();
        var slot = Sys.ActorOf(WorkerSlot.Props(coordinator, [new GatedAnalysis()], Settings));
        coordinator.ExpectMsg<WorkProtocol.RequestWork>();
        slot.Tell(new WorkProtocol.WorkAvailable("s"), coordinator);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        slot.Tell(WorkProtocol.NoWork.Instance, coordinator);
        slot.Tell(new WorkProtocol.WorkAvailable("s"), coordinator);
        coordinator.ExpectMsg<WorkProtocol.RequestWork>();
    }

    [Fact]
    public void A_busy_slot_hands_a_second_lease_back_as_lost_and_reports_its_own_unit()
    {
        var coordinator = CreateTestProbe();
        var runner = new GatedAnalysis();
        var slot = Sys.ActorOf(WorkerSlot.Props(coordinator, [runner], Settings));
        coordinator.ExpectMsg<WorkProtocol.RequestWork>();
        slot.Tell(new WorkProtocol.UnitLeased(Unit(2)), coordinator);
        slot.Tell(new WorkProtocol.UnitLeased(Unit(3)), coordinator);
        var back = coordinator.ExpectMsg<WorkProtocol.ForSweep>();
        var handedBack = Assert.IsType<SweepCommands.FailAnalysisUnit>(back.Command);
        Assert.Equal((3, false), (handedBack.Unit, handedBack.Fault));

        runner.Gate.SetResult([new ProbeResult(0.1, 2.0), new ProbeResult(0.9, 0.3)]);
        var done = Assert.IsType<SweepCommands.CompleteAnalysisUnit>(Reported(coordinator));
        Assert.Equal(2, done.Unit);
        Assert.Equal([new ProbeResult(0.1, 2.0), new ProbeResult(0.9, 0.3)], done.Results);
        Assert.Equal([0UL, 3UL], done.Probes);
        slot.Tell(new WorkProtocol.ResultAcknowledged(AnalysisRecord.UnitKey("shapley-t0000-s0", 2), 1), coordinator);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));   // it asked with the result already
    }

    [Fact]
    public void The_next_request_goes_with_the_result_and_a_lease_before_the_acknowledgement_waits_for_it()
    {
        var coordinator = CreateTestProbe();
        var runner = new GatedAnalysis();
        var slot = Sys.ActorOf(WorkerSlot.Props(coordinator, [runner], Settings));
        coordinator.ExpectMsg<WorkProtocol.RequestWork>();
        slot.Tell(new WorkProtocol.UnitLeased(Unit(0)), coordinator);
        runner.Gate.SetResult([new ProbeResult(0.1, 2.0), new ProbeResult(0.9, 0.3)]);
        Assert.IsType<SweepCommands.CompleteAnalysisUnit>(Reported(coordinator));
        // the request for the next work went with it: no acknowledgement yet

        slot.Tell(new WorkProtocol.UnitLeased(Unit(1)), coordinator);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));   // neither handed back nor started while unacknowledged
        slot.Tell(new WorkProtocol.ResultAcknowledged(AnalysisRecord.UnitKey("shapley-t0000-s0", 0), 1), coordinator);
        var second = Assert.IsType<SweepCommands.CompleteAnalysisUnit>(Reported(coordinator));
        Assert.Equal(1, second.Unit);   // the gate is open: unit 1 ran and reported at once
    }

    [Fact]
    public void An_evaluation_that_throws_is_reported_as_the_unit_s_fault()
    {
        var coordinator = CreateTestProbe();
        var runner = new GatedAnalysis();
        var slot = Sys.ActorOf(WorkerSlot.Props(coordinator, [runner], Settings));
        coordinator.ExpectMsg<WorkProtocol.RequestWork>();
        slot.Tell(new WorkProtocol.UnitLeased(Unit(0)), coordinator);
        runner.Gate.SetException(new FileNotFoundException("no trained adapter at /a/adapter.safetensors"));
        var failed = Assert.IsType<SweepCommands.FailAnalysisUnit>(Reported(coordinator));
        Assert.True(failed.Fault);
        Assert.Contains("no trained adapter", failed.Reason);
    }

    /// <summary>Runs until cancelled (as a trial killed by its runner does).</summary>
    private sealed class UntilCancelled : ITrialRunner, IAnalysisRunner
    {
        public string Kind => "coto";

        public Task<TrialOutcome> RunAsync(TrialAssignment assignment, ITrialProgress progress, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public async Task<IReadOnlyList<ProbeResult>> EvaluateAsync(AnalysisUnitAssignment unit, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }

    [Fact]
    public void StopTrial_cancels_only_the_named_attempt_and_reports_it_lost_with_the_reason()
    {
        var coordinator = CreateTestProbe();
        var slot = Sys.ActorOf(WorkerSlot.Props(coordinator, [new UntilCancelled()], Settings));
        coordinator.ExpectMsg<WorkProtocol.RequestWork>();
        slot.Tell(new WorkProtocol.UnitLeased(Unit(2)), coordinator);
        var key = AnalysisRecord.UnitKey("shapley-t0000-s0", 2);
        // another attempt, another key or another sweep: not this slot's work, nothing happens
        slot.Tell(new WorkProtocol.StopTrial("s", key, 2, "early stop"), coordinator);
        slot.Tell(new WorkProtocol.StopTrial("s", AnalysisRecord.UnitKey("shapley-t0000-s0", 3), 1, "early stop"), coordinator);
        slot.Tell(new WorkProtocol.StopTrial("other", key, 1, "early stop"), coordinator);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        slot.Tell(new WorkProtocol.StopTrial("s", key, 1, "the sweep was cancelled"), coordinator);
        var lost = Assert.IsType<SweepCommands.FailAnalysisUnit>(Reported(coordinator));
        Assert.Equal((2, 1, false, "stopped: the sweep was cancelled"), (lost.Unit, lost.Attempt, lost.Fault, lost.Reason));
        slot.Tell(new WorkProtocol.ResultAcknowledged(key, 1), coordinator);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));   // it asked with the result already
    }
}
