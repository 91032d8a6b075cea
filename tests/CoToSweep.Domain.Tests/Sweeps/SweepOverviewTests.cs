using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;

namespace CoToSweep.Domain.Tests.Sweeps;

/// <summary>
/// The overview answers as the full state does: over random journals (leases, reports and early stops, completions with
/// tied, missing and NaN objectives, retries, lost attempts, a budget raise, a pause, a cancellation), the overview of
/// any prefix with the rest of the journal folded in gives the status figures and the <c>--top N</c> trials board that
/// the whole state gives.
/// </summary>
public sealed class SweepOverviewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Yaml(int trials, string direction) => $$"""
        name: overview
        trial: { kind: command, command: [sh, -c, "true"] }
        objective: { metric: score, direction: {{direction}} }
        early_stopping: { rule: median, grace_steps: 2, min_trials: 2 }
        retries: 1
        search:
          algorithm: random
          max_trials: {{trials}}
          seeds: [0, 1]
          space:
            x: { uniform: [0, 1] }
            shape: [linear, cosine]
            n: { int: [1, 4] }
        """;

    private static List<ISweepEvent> Journal(int seed, int trials, string direction)
    {
        var d = SpecReader.Parse(Yaml(trials, direction), "/tmp/sweeps");
        var driver = new SweepDriver(d, T0);
        var random = new Random(seed);
        for (var round = 0; round < 4 * trials && !driver.State.IsFinished; round++)
        {
            for (var slot = random.Next(1, 6); slot > 0; slot--) driver.Do(new LeaseTrial($"node/slot-{slot}", "/artifacts", driver.Now));
            foreach (var t in driver.State.TrialsInOrder.Where(t => t.Status == TrialStatus.Running).ToList())
            {
                var score = random.Next(5) == 0 ? double.NaN : Math.Round(random.NextDouble(), 1);   // ties and NaN
                var metrics = new Dictionary<string, double> { ["score"] = score };
                if (random.Next(3) == 0) metrics["loss"] = random.NextDouble();
                switch (random.Next(7))
                {
                    case 0 or 1: driver.Do(new ReportProgress(t.Id, t.Attempt, 2 + t.Curve.Count, metrics, driver.Now)); break;
                    case 2 or 3: driver.Do(new CompleteTrial(t.Id, t.Attempt, metrics, random.Next(6) == 0 ? null : score, driver.Now)); break;
                    case 4: driver.Do(new FailTrial(t.Id, t.Attempt, $"exit code {round}", random.Next(2) == 0, driver.Now)); break;
                    case 5: driver.Do(new FailTrial(t.Id, t.Attempt, "worker lost", false, driver.Now)); break;
                }
            }
            if (round == trials / 3) driver.Do(new SubmitSweep(SpecReader.Parse(Yaml(trials + 6, direction), "/tmp/sweeps"), driver.Now));
            if (round == 5) driver.Do(new PauseSweep("paused by the test", driver.Now));
            if (round == 7) driver.Do(new UnpauseSweep(driver.Now));
        }
        if (seed % 2 == 0) driver.Do(new CancelSweep("cancelled by the test", driver.Now));
        return driver.Journal;
    }

    /// <summary>Everything status and the trials board read, as text.</summary>
    private static string Answers(SweepOverview o) => string.Join("\n",
        $"{o.Id} {o.Phase} paused={o.Paused} {o.SubmittedAt:O} {o.Updated:O} total={o.TotalTrials}",
        string.Join(",", Enum.GetValues<TrialStatus>().Select(s => $"{s}={o.Count(s)}")),
        $"best={o.Best?.Id} {o.Best?.Objective}",
        string.Join("\n", new[] { 1, 3, 100 }.Select(n => JsonRenderer.Render(TrialsBoard.Build(o, new BoardOptions(n))) + TrialsBoard.Build(o, new BoardOptions(n)).Title)));

    private static string Answers(SweepState s) => string.Join("\n",
        $"{s.Id} {s.Phase} paused={s.Paused} {s.SubmittedAt:O} {s.Updated:O} total={s.TotalTrials}",
        string.Join(",", Enum.GetValues<TrialStatus>().Select(t => $"{t}={s.Count(t)}")),
        $"best={s.Best?.Id} {s.Best?.Objective}",
        string.Join("\n", new[] { 1, 3, 100 }.Select(n => JsonRenderer.Render(TrialsBoard.Build(s, new BoardOptions(n))) + TrialsBoard.Build(s, new BoardOptions(n)).Title)));

    [Theory]
    [InlineData(1, 24, "maximize")]
    [InlineData(2, 24, "minimize")]
    [InlineData(3, 12, "maximize")]
    public void The_overview_of_any_prefix_with_the_rest_folded_in_answers_as_the_whole_state(int seed, int trials, string direction)
    {
        var journal = Journal(seed, trials, direction);
        Assert.Contains(journal, e => e is SweepEvents.TrialStopped);
        Assert.Contains(journal, e => e is SweepEvents.BudgetChanged);
        Assert.Contains(journal, e => e is SweepEvents.TrialRequeued);
        var id = ((SweepEvents.SweepSubmitted)journal[0]).SweepId;
        var whole = SweepState.Replay(id, journal);
        var expected = Answers(whole);
        Assert.Equal(expected, Answers(SweepOverview.Of(whole)));
        for (var k = 0; k <= journal.Count; k++)
        {
            var prefix = SweepOverview.Of(SweepState.Replay(id, journal.Take(k)));
            Assert.Equal(expected, Answers(journal.Skip(k).Aggregate(prefix, (o, e) => o.Apply(e))));
        }
    }

    [Fact]
    public void Past_its_capacity_the_overview_keeps_the_best_trials_in_rank_order()
    {
        var d = SpecReader.Parse(Yaml(SweepOverview.TopCapacity + 30, "maximize").Replace("early_stopping: { rule: median, grace_steps: 2, min_trials: 2 }\n", ""), "/tmp/sweeps");
        var driver = new SweepDriver(d, T0);
        var random = new Random(7);
        while (driver.Do(new LeaseTrial("node/slot-1", "/artifacts", driver.Now)) is [.., SweepEvents.TrialStarted started])
        {
            var score = Math.Round(random.NextDouble(), 2);
            driver.Do(new CompleteTrial(started.TrialId, 1, new Dictionary<string, double> { ["score"] = score }, score, driver.Now));
        }
        var overview = driver.Journal.Aggregate(SweepOverview.Empty(d.Id), (o, e) => o.Apply(e));
        Assert.Equal(SweepOverview.TopCapacity, overview.Top.Count);
        Assert.Equal(driver.State.Ranked().Take(SweepOverview.TopCapacity).Select(t => t.Id), overview.Top.Select(t => t.Id));
        Assert.Equal(Answers(driver.State), Answers(overview));
    }
}
