using Akka.Actor;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Protocol;
using CoToSweep.Actors.Queries;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Training.Evaluation;
using CoToSweep.Tests.Shared;

namespace CoToSweep.Training.Tests;

/// <summary>
/// A coto sweep with <c>analysis.shapley</c> on tiny data, run by the durable embedded coordinator (real SQLite) and real
/// slots: the adapter is trained, the estimate is cut into units leased to the slots, and a slot on a node that is
/// lost mid-analysis has its unit re-leased; the journaled estimate equals one process's on the same adapter.
/// </summary>
public sealed class AnalysisRunTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("analysis-run-");

    private static readonly string Yaml = TinyCotoSweep.Yaml("tiny-shapley", "{ method: antithetic, samples: 12, seed: 4, unit_draws: 1 }");

    private string StateDir => Path.Combine(_dir.FullName, "state");

    [Fact]
    public async Task A_slot_lost_mid_analysis_has_its_unit_re_leased_and_the_estimate_is_the_one_process_answer()
    {
        var d = SpecReader.Parse(Yaml);
        Assert.True(d.IsValid);
        StateDirectory.Prepare(StateDir);
        SweepState final;
        const string lostNode = "akka.tcp://cotosweep@10.0.0.9:4053";
        await using (var run = await EmbeddedRun.StartAsync(d, EmbeddedRunSettings.ForStateDirectory(StateDir, 1), [new CotoTrialRunner(TinyCotoSweep.RunnerOptions)], CancellationToken.None))
        {
            // A slot of another node takes one unit and is never heard from again; then its node is removed.
            // It asks only once the local slot runs the trial: asking earlier could lease it the trial itself.
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while ((await run.StateAsync()).Trials["t0000-s0"].Status == TrialStatus.Pending && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.NotEqual(TrialStatus.Pending, (await run.StateAsync()).Trials["t0000-s0"].Status);
            var manager = await run.System.ActorSelection("/user/coordinator").ResolveOne(TimeSpan.FromSeconds(10));
            var lostSlot = Inbox.Create(run.System);
            WorkProtocol.UnitLeased? leased = null;
            while (leased is null && DateTime.UtcNow < deadline)
            {
                lostSlot.Send(manager, new WorkProtocol.RequestWork(lostNode + "/slot-0", "/nowhere"));
                var reply = lostSlot.Receive(TimeSpan.FromSeconds(10));
                Assert.False(reply is WorkProtocol.WorkLeased, "the lost slot was leased a trial, not an analysis unit");
                leased = reply as WorkProtocol.UnitLeased;
                if (leased is null) await Task.Delay(20);
            }
            Assert.True(leased is not null, "no analysis unit was leased to the lost slot within 4 minutes");
            var coordinator = await run.System.ActorSelection("/user/coordinator/" + SweepCoordinator.PersistenceIdFor(d.Id)).ResolveOne(TimeSpan.FromSeconds(10));
            coordinator.Tell(new ManagerProtocol.WorkerNodeLost(lostNode));
            final = await run.WaitAsync(_ => { }, TimeSpan.FromMilliseconds(50), CancellationToken.None);

            var journal = new SqliteJournalReader(StateDirectory.JournalPath(StateDir)).Events(SweepCoordinator.PersistenceIdFor(d.Id));
            var unit = leased!.Unit.Unit;
            Assert.Contains(journal.OfType<SweepEvents.AnalysisUnitRequeued>(), r => r.Unit == unit && r.Reason.Contains("left the cluster"));
            Assert.Contains(journal.OfType<SweepEvents.AnalysisUnitStarted>(), s => s.Unit == unit && s.Attempt == 2 && !s.Worker.StartsWith(lostNode));
            Assert.Single(journal.OfType<SweepEvents.AnalysisUnitCompleted>(), c => c.Unit == unit);
        }

        Assert.Equal(SweepPhase.Completed, final.Phase);
        var analysis = Assert.Single(final.Analyses.Values);
        Assert.Equal(AnalysisStatus.Completed, analysis.Status);
        Assert.Equal(["layer0.q", "layer0.v", "layer1.q", "layer1.v"], analysis.Groups);

        // The same estimate in one process, on the saved adapter.
        using var session = AdapterSession.Open(Path.Combine(analysis.ArtifactDir!, CotoAnalysisRunner.AdapterFile), Tiny.Env);
        var game = new AdapterGame(session);
        var expected = ShapleyDriver.Run(new AntitheticEstimator(), new ShapleyRequest(4, 12, 4, 1), game);
        Assert.Equal(expected.Values, ((ShapleyResult)analysis.Result!).Values);
        Assert.Equal(expected.StdErrors, ((ShapleyResult)analysis.Result!).StdErrors);
        Assert.Equal(game.Value(Coalitions.Grand(4)), ((ShapleyResult)analysis.Result!).GrandValue);
        Assert.Equal(final.Trials["t0000-s0"].Metrics["val_acc"], ((ShapleyResult)analysis.Result!).GrandValue, 6);
        Assert.True(((ShapleyResult)analysis.Result!).Evaluations <= 16);
    }

    public void Dispose()
    {
        try { _dir.Delete(true); }
        catch (IOException) { }
    }
}
