using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.TestKit;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Coordinator;

/// <summary>
/// Journal writes that fail or are rejected (Akka.Persistence.TestKit): the coordinator restarts from the journal, nothing
/// is acknowledged before it is journaled, the stall is published, and the other sweeps keep getting slots.
/// </summary>
public sealed class JournalFaultTests() : TestKit(ConfigurationFactory.ParseString($$"""
    akka.persistence {
      journal {
        plugin = "akka.persistence.journal.test"
        test { class = "{{typeof(TestJournal).AssemblyQualifiedName}}", plugin-dispatcher = "akka.actor.default-dispatcher" }
      }
      snapshot-store {
        plugin = "akka.persistence.snapshot-store.test"
        test { class = "{{typeof(TestSnapshotStore).AssemblyQualifiedName}}", plugin-dispatcher = "akka.actor.default-dispatcher" }
      }
    }
    {{SerializerHocon.Binding}}
    """))
{
    /// <summary>The test journal's behaviour switches (the journal every persistent actor of this system uses).</summary>
    private ITestJournal Journal => TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null));

    private static readonly CoordinatorSettings Fast = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), false)
    {
        RestartMinBackoff = TimeSpan.FromMilliseconds(50),
        RestartMaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    private static SweepDefinition Sweep(string name, int seeds = 1) => SpecReader.Parse($$"""
        name: {{name}}
        trial: { kind: noop }
        objective: { metric: score, direction: maximize }
        search: { seeds: [{{string.Join(", ", Enumerable.Range(0, seeds))}}] }
        """);

    private static WorkProtocol.RequestWork Request(string slot) => new($"node/{slot}", "/tmp/artifacts", 0);

    private static WorkProtocol.ForSweep Complete(TrialAssignment a, double score) =>
        new(a.SweepId, new SweepCommands.CompleteTrial(a.TrialId, a.Attempt, new Dictionary<string, double> { ["score"] = score }, score,
            DateTimeOffset.UtcNow));

    private IActorRef StartManager(params SweepDefinition[] sweeps)
    {
        var manager = Sys.ActorOf(SweepManager.Props(Fast));
        foreach (var d in sweeps)
        {
            manager.Tell(new SweepCommands.SubmitSweep(d, DateTimeOffset.UtcNow), TestActor);
            ExpectMsg<SweepCoordinator.SweepAccepted>();
        }
        return manager;
    }

    private TestProbe Stalls()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(JournalStalls.SweepStalled));
        Sys.EventStream.Subscribe(probe.Ref, typeof(JournalStalls.SweepUnstalled));
        return probe;
    }

    /// <summary>What a slot does: sends its result again until it is acknowledged (the coordinator may be between incarnations).</summary>
    private static void ResendUntilAcknowledged(IActorRef manager, TestProbe slot, object result)
    {
        for (var i = 0; i < 100; i++)
        {
            manager.Tell(result, slot.Ref);
            if (slot.ReceiveOne(TimeSpan.FromMilliseconds(200)) is WorkProtocol.ResultAcknowledged) return;
        }
        throw new TimeoutException("the result was never acknowledged");
    }

    private SweepState StateOf(IActorRef manager, string sweepId) =>
        manager.Ask<SweepState>(new SweepQueries.GetState(sweepId), TimeSpan.FromSeconds(5)).Result;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failed_or_rejected_write_restarts_the_coordinator_and_the_resent_result_is_journaled_once(bool reject)
    {
        var d = Sweep("faulty");
        var stalls = Stalls();
        var manager = StartManager(d);
        var slot = CreateTestProbe();
        manager.Tell(Request("slot-0"), slot.Ref);
        var lease = slot.ExpectMsg<WorkProtocol.WorkLeased>().Assignment;

        if (reject) await Journal.OnWrite.Reject();
        else await Journal.OnWrite.Fail();
        manager.Tell(Complete(lease, 0.5), slot.Ref);
        var stalled = stalls.ExpectMsg<JournalStalls.SweepStalled>();
        Assert.Equal((d.Id, 1), (stalled.SweepId, stalled.Failures));
        Assert.StartsWith(reject ? "journal write rejected: " : "journal write failed: ", stalled.Reason);
        // Told before it stopped, or never: nothing was acknowledged for the write that failed.
        slot.ExpectNoMsg(TimeSpan.Zero);

        await Journal.OnWrite.Pass();
        ResendUntilAcknowledged(manager, slot, Complete(lease, 0.5));
        stalls.FishForMessage(m => m is JournalStalls.SweepUnstalled u && u.SweepId == d.Id);
        Assert.Equal((TrialStatus.Completed, 0.5), (StateOf(manager, d.Id).Trials[lease.TrialId].Status, StateOf(manager, d.Id).Trials[lease.TrialId].Objective));

        // A fresh coordinator replays the journal: the result is there, once, and the sweep is complete.
        await manager.GracefulStop(TimeSpan.FromSeconds(5));
        var again = StartManager();
        var replayed = StateOf(again, d.Id);
        Assert.Equal(SweepPhase.Completed, replayed.Phase);
        Assert.Equal((1, 0.5), (replayed.Trials[lease.TrialId].Attempt, replayed.Trials[lease.TrialId].Objective));
    }

    [Fact]
    public async Task While_one_sweeps_journal_fails_the_other_sweeps_still_get_the_slots()
    {
        var broken = Sweep("broken", seeds: 2);
        var healthy = Sweep("healthy");
        var stalls = Stalls();
        var manager = StartManager(broken, healthy);
        await Journal.OnWrite.FailIf(p => p.PersistenceId == SweepCoordinator.PersistenceIdFor(broken.Id));

        // The oldest sweep is offered the request first; its lease cannot be journaled, so the request goes to the next one.
        var slot = CreateTestProbe();
        manager.Tell(Request("slot-0"), slot.Ref);
        Assert.Equal(broken.Id, stalls.ExpectMsg<JournalStalls.SweepStalled>().SweepId);
        var lease = slot.ExpectMsg<WorkProtocol.WorkLeased>().Assignment;
        Assert.Equal(healthy.Id, lease.SweepId);
        manager.Tell(Complete(lease, 1.0), slot.Ref);
        slot.ExpectMsg<WorkProtocol.ResultAcknowledged>();
        Assert.Equal(SweepPhase.Completed, StateOf(manager, healthy.Id).Phase);
    }
}
