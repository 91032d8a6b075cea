using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Embedded;

/// <summary>The durable coordinator with real SQLite and in-process no-op trials.</summary>
public sealed class EmbeddedRunTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("embedded-");

    private static SweepDefinition Noop(int trials, int sleepMs) => NoopSweep.Definition("noop-test", trials, sleepMs);

    private string StateDir => Path.Combine(_dir.FullName, "state");

    private async Task<EmbeddedRun> Start(SweepDefinition d, int workers)
    {
        StateDirectory.Prepare(StateDir);
        return await EmbeddedRun.StartAsync(d, EmbeddedRunSettings.ForStateDirectory(StateDir, workers), [new NoopTrialRunner()], CancellationToken.None);
    }

    private IReadOnlyList<ISweepEvent> Journal(string sweepId) =>
        new SqliteJournalReader(StateDirectory.JournalPath(StateDir)).Events(SweepCoordinator.PersistenceIdFor(sweepId));

    [Fact]
    public async Task A_sweep_runs_to_completion_with_one_result_per_trial()
    {
        var d = Noop(40, 0);
        SweepState final;
        await using (var run = await Start(d, 4))
            final = await run.WaitAsync(_ => { }, TimeSpan.FromMilliseconds(20), CancellationToken.None);

        Assert.Equal(SweepPhase.Completed, final.Phase);
        Assert.All(final.Trials.Values, t => Assert.Equal(TrialStatus.Completed, t.Status));
        var events = Journal(d.Id);
        Assert.Equal(40, events.OfType<SweepEvents.TrialCompleted>().Select(c => c.TrialId).Distinct().Count());
        Assert.Equal(40, events.OfType<SweepEvents.TrialCompleted>().Count());
        Assert.Single(events.OfType<SweepEvents.SweepCompleted>());
        // What queries rebuild from the journal is what the coordinator held.
        var replayed = new SweepCatalog(new SqliteJournalReader(StateDirectory.JournalPath(StateDir))).Load(d.Id)!;
        Assert.Equal(final.Trials.Values.Select(t => (t.Id, t.Objective)).OrderBy(x => x.Id), replayed.Trials.Values.Select(t => (t.Id, t.Objective)).OrderBy(x => x.Id));
    }

    [Fact]
    public async Task A_stopped_run_resumes_without_rerunning_completed_trials()
    {
        var d = Noop(30, 30);
        await using (var run = await Start(d, 2))
        {
            while ((await run.StateAsync()).Count(TrialStatus.Completed) < 6) await Task.Delay(10);
        }
        var before = Journal(d.Id);
        var completedBefore = before.OfType<SweepEvents.TrialCompleted>().Select(c => c.TrialId).ToHashSet();
        Assert.InRange(completedBefore.Count, 6, 29);

        await using (var run = await Start(d, 2))
            Assert.Equal(SweepPhase.Completed, (await run.WaitAsync(_ => { }, TimeSpan.FromMilliseconds(20), CancellationToken.None)).Phase);

        var after = Journal(d.Id).Skip(before.Count).ToList();
        Assert.DoesNotContain(after.OfType<SweepEvents.TrialStarted>(), s => completedBefore.Contains(s.TrialId));
        var all = Journal(d.Id).OfType<SweepEvents.TrialCompleted>().GroupBy(c => c.TrialId).ToList();
        Assert.Equal(30, all.Count);
        Assert.All(all, g => Assert.Single(g));
        // Attempts that were running when the first run stopped run again as the next attempt.
        var requeued = after.OfType<SweepEvents.TrialRequeued>().ToList();
        Assert.All(requeued, r => Assert.Contains(after.OfType<SweepEvents.TrialStarted>(), s => s.TrialId == r.TrialId && s.Attempt == r.Attempt + 1));
    }

    [Fact]
    public async Task Submitting_the_same_sweep_again_changes_nothing()
    {
        var d = Noop(4, 0);
        await using (var run = await Start(d, 2)) await run.WaitAsync(_ => { }, TimeSpan.FromMilliseconds(20), CancellationToken.None);
        var count = Journal(d.Id).Count;
        await using (var run = await Start(d, 2)) Assert.Equal(SweepPhase.Completed, (await run.StateAsync()).Phase);
        Assert.Equal(count, Journal(d.Id).Count);
        Assert.Single(new SweepCatalog(new SqliteJournalReader(StateDirectory.JournalPath(StateDir))).Registered());
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
