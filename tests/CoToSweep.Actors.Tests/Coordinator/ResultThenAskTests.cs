using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.TestKit.Xunit2;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Coordinator;

/// <summary>A result sent with the slot's next request: one journal write for both, and the oldest sweep still served first.</summary>
public sealed class ResultThenAskTests() : TestKit(ConfigurationFactory.ParseString($$"""
    akka.persistence.journal.plugin = "akka.persistence.journal.recording"
    akka.persistence.journal.recording.class = "{{typeof(RecordingJournal).AssemblyQualifiedName}}"
    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
    {{SerializerHocon.Binding}}
    """))
{
    /// <summary>The in-memory journal, recording the events of each write it is handed (one entry per write).</summary>
    public sealed class RecordingJournal : MemoryJournal
    {
        public static readonly ConcurrentDictionary<string, ConcurrentQueue<string[]>> Writes = new();

        protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
        {
            var list = messages.ToList();
            var events = list.SelectMany(w => (IImmutableList<IPersistentRepresentation>)w.Payload).ToList();
            if (events.Count > 0)
                Writes.GetOrAdd(events[0].PersistenceId, _ => new()).Enqueue(events.Select(e => e.Payload.GetType().Name).ToArray());
            return base.WriteMessagesAsync(list, cancellationToken);
        }
    }

    private static SweepDefinition Sweep(string name, int seeds) => SpecReader.Parse($$"""
        name: {{name}}-{{Guid.NewGuid():N}}
        trial: { kind: noop }
        objective: { metric: score, direction: maximize }
        search: { seeds: [{{string.Join(", ", Enumerable.Range(0, seeds))}}] }
        """);

    private IActorRef Manager(params SweepDefinition[] sweeps)
    {
        var manager = Sys.ActorOf(SweepManager.Props(CoordinatorSettings.Embedded));
        foreach (var d in sweeps)
        {
            manager.Tell(new SweepCommands.SubmitSweep(d, DateTimeOffset.UtcNow), TestActor);
            ExpectMsg<SweepCoordinator.SweepAccepted>();
        }
        return manager;
    }

    private static WorkProtocol.RequestWork Request => new("node/slot-0", "/tmp/artifacts");

    private static WorkProtocol.ResultThenAsk Done(TrialAssignment a) => new(a.SweepId,
        new SweepCommands.CompleteTrial(a.TrialId, a.Attempt, new Dictionary<string, double> { ["score"] = 0.5 }, 0.5, DateTimeOffset.UtcNow), Request);

    [Fact]
    public void The_result_and_the_next_lease_are_one_journal_write_and_the_slot_hears_the_acknowledgement_first()
    {
        var d = Sweep("combined", 3);
        var manager = Manager(d);
        var slot = CreateTestProbe();
        manager.Tell(Request, slot);
        var first = slot.ExpectMsg<WorkProtocol.WorkLeased>().Assignment;

        manager.Tell(Done(first), slot);
        Assert.Equal((first.TrialId, first.Attempt), (slot.ExpectMsg<WorkProtocol.ResultAcknowledged>().TrialId, first.Attempt));
        var second = slot.ExpectMsg<WorkProtocol.WorkLeased>().Assignment;
        Assert.NotEqual(first.TrialId, second.TrialId);

        var writes = RecordingJournal.Writes[SweepCoordinator.PersistenceIdFor(d.Id)].ToList();
        Assert.Equal(["TrialCompleted", "TrialStarted"], writes[^1]);

        // The last result ends the sweep: nothing to lease, and the slot is told so.
        manager.Tell(Done(second), slot);
        slot.ExpectMsg<WorkProtocol.ResultAcknowledged>();
        var third = slot.ExpectMsg<WorkProtocol.WorkLeased>().Assignment;
        manager.Tell(Done(third), slot);
        slot.ExpectMsg<WorkProtocol.ResultAcknowledged>();
        slot.ExpectMsg<WorkProtocol.NoWork>();
        manager.Tell(new SweepQueries.GetState(d.Id));
        Assert.Equal(SweepPhase.Completed, ExpectMsg<SweepState>().Phase);
    }

    [Fact]
    public void A_result_of_a_later_sweep_is_journaled_alone_and_the_request_goes_to_the_oldest_sweep_with_work()
    {
        var older = SpecReader.Parse($$"""
            name: older-{{Guid.NewGuid():N}}
            trial: { kind: noop }
            objective: { metric: score, direction: maximize }
            search: { max_concurrent: 1, seeds: [0, 1] }
            """);
        var later = Sweep("later", 2);
        var manager = Manager(older, later);
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        manager.Tell(Request, a);
        var fromOlder = a.ExpectMsg<WorkProtocol.WorkLeased>().Assignment;
        Assert.Equal(older.Id, fromOlder.SweepId);
        manager.Tell(Request with { Worker = "node/slot-1" }, b);   // the older sweep is at max_concurrent
        var fromLater = b.ExpectMsg<WorkProtocol.WorkLeased>().Assignment;
        Assert.Equal(later.Id, fromLater.SweepId);

        // Slot a's result frees the older sweep; slot b's result (of the later one) asks next: the older sweep leases.
        manager.Tell(new WorkProtocol.ForSweep(older.Id, Done(fromOlder).Result), a);
        a.ExpectMsg<WorkProtocol.ResultAcknowledged>();
        manager.Tell(Done(fromLater) with { Next = Request with { Worker = "node/slot-1" } }, b);
        // Two coordinators answer: the acknowledgement and the lease may come in either order (the slot stashes a lease).
        var answers = new[] { b.ReceiveOne(TimeSpan.FromSeconds(3)), b.ReceiveOne(TimeSpan.FromSeconds(3)) };
        Assert.Single(answers.OfType<WorkProtocol.ResultAcknowledged>());
        Assert.Equal(older.Id, answers.OfType<WorkProtocol.WorkLeased>().Single().Assignment.SweepId);
        Assert.Equal(["TrialCompleted"], RecordingJournal.Writes[SweepCoordinator.PersistenceIdFor(later.Id)].ToList()[^1]);
    }
}
