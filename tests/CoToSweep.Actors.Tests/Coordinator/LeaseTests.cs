using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Coordinator;

/// <summary>Leases kept alive by heartbeats, expiring without them, and late results from a worker thought lost.</summary>
public sealed class LeaseTests() : TestKit(ConfigurationFactory.ParseString($$"""
    {{JournalSettings.InMemory.ToHocon()}}
    {{SerializerHocon.Binding}}
    """))
{
    private static readonly CoordinatorSettings Fast = new(TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(100), false);

    /// <summary>The coordinator's clock, moved by the test: leases expire when the test says so, not when a sleep ends.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private readonly ManualClock _clock = new();

    private static SweepDefinition OneTrial(int gpus = 0) => SpecReader.Parse($$"""
        name: lease
        trial: { kind: noop }
        objective: { metric: score, direction: maximize }
        resources: { gpus: {{gpus}} }
        """);

    private (IActorRef Manager, SweepDefinition Definition) Start(SweepDefinition d)
    {
        var manager = Sys.ActorOf(SweepManager.Props(Fast, _clock));
        manager.Tell(new SweepCommands.SubmitSweep(d, DateTimeOffset.UtcNow), TestActor);
        ExpectMsg<SweepCoordinator.SweepAccepted>();
        return (manager, d);
    }

    private static WorkProtocol.RequestWork Request(string worker, int gpus = 0) => new($"{worker}/slot-0", "/tmp/artifacts", gpus);

    [Fact]
    public void A_silent_lease_is_requeued_and_a_late_result_of_the_lost_attempt_changes_nothing()
    {
        var (manager, d) = Start(OneTrial());
        var lost = CreateTestProbe();
        var alive = CreateTestProbe();

        manager.Tell(Request("node-a"), lost);
        var first = lost.ExpectMsg<WorkProtocol.WorkLeased>().Assignment;
        Assert.Equal(1, first.Attempt);

        // No heartbeat from node-a: after the lease timeout the trial is leased again, as attempt 2.
        manager.Tell(Request("node-b"), alive);
        alive.ExpectMsg<WorkProtocol.NoWork>();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = alive.ExpectMsg<WorkProtocol.WorkAvailable>(TimeSpan.FromSeconds(5));
        Assert.Equal(d.Id, second.SweepId);
        manager.Tell(Request("node-b"), alive);
        var retry = alive.ExpectMsg<WorkProtocol.WorkLeased>().Assignment;
        Assert.Equal((first.TrialId, 2), (retry.TrialId, retry.Attempt));

        // Heartbeats keep attempt 2 alive well past the timeout.
        for (var i = 0; i < 8; i++)
        {
            manager.Tell(new WorkProtocol.Heartbeat(d.Id, retry.TrialId, 2, "node-b/slot-0"));
            _clock.Advance(TimeSpan.FromMilliseconds(200));
            manager.Tell(new SweepQueries.GetState(d.Id));   // a round trip: the heartbeat has been handled
            Assert.Equal(TrialStatus.Running, ExpectMsg<SweepState>().Trials[retry.TrialId].Status);
        }
        manager.Tell(new WorkProtocol.ForSweep(d.Id, new SweepCommands.CompleteTrial(retry.TrialId, 2,
            new Dictionary<string, double> { ["score"] = 0.25 }, 0.25, DateTimeOffset.UtcNow)), alive);
        alive.ExpectMsg<WorkProtocol.ResultAcknowledged>();

        // The worker thought lost comes back with its result: acknowledged, ignored.
        manager.Tell(new WorkProtocol.ForSweep(d.Id, new SweepCommands.CompleteTrial(first.TrialId, 1,
            new Dictionary<string, double> { ["score"] = 0.99 }, 0.99, DateTimeOffset.UtcNow)), lost);
        lost.ExpectMsg<WorkProtocol.ResultAcknowledged>();

        manager.Tell(new SweepQueries.GetState(d.Id));
        var state = ExpectMsg<SweepState>();
        var trial = state.Trials[first.TrialId];
        Assert.Equal((TrialStatus.Completed, 2, 0.25), (trial.Status, trial.Attempt, trial.Objective!.Value));
        Assert.Equal(SweepPhase.Completed, state.Phase);
    }

    [Fact]
    public void A_trial_that_needs_a_gpu_is_only_leased_to_a_gpu_slot()
    {
        var (manager, _) = Start(OneTrial(gpus: 1));
        manager.Tell(Request("cpu-node"));
        ExpectMsg<WorkProtocol.NoWork>();
        manager.Tell(Request("gpu-node", gpus: 1));
        Assert.Equal(1, ExpectMsg<WorkProtocol.WorkLeased>().Assignment.Attempt);
    }

    [Fact]
    public void Several_sweeps_run_at_once_the_oldest_first_and_later_ones_fill_free_slots()
    {
        var (manager, first) = Start(SpecReader.Parse("""
            name: first
            trial: { kind: noop }
            objective: { metric: score, direction: maximize }
            search: { max_concurrent: 1, seeds: [0, 1] }
            """));
        var second = SpecReader.Parse("""
            name: second
            trial: { kind: noop }
            objective: { metric: score, direction: maximize }
            """);
        manager.Tell(new SweepCommands.SubmitSweep(second, DateTimeOffset.UtcNow));
        ExpectMsg<SweepCoordinator.SweepAccepted>();

        manager.Tell(Request("a"));
        Assert.Equal(first.Id, ExpectMsg<WorkProtocol.WorkLeased>().Assignment.SweepId);
        manager.Tell(Request("b"));   // the first sweep is at max_concurrent: the second one gets the slot
        Assert.Equal(second.Id, ExpectMsg<WorkProtocol.WorkLeased>().Assignment.SweepId);
        manager.Tell(Request("c"));
        ExpectMsg<WorkProtocol.NoWork>();
    }

    [Fact]
    public void Unknown_sweeps_are_answered()
    {
        var (manager, _) = Start(OneTrial());
        manager.Tell(new SweepQueries.GetState("nope-00000000"));
        ExpectMsg<SweepQueries.UnknownSweep>();
    }
}
