using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Stopping;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Tests.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;
using static CoToSweep.Domain.Tests.Sweeps.SweepFiles;

namespace CoToSweep.Domain.Tests.Stopping;

/// <summary>Early stopping decided in Process from reports in journal order, on scripted reports.</summary>
public class EarlyStoppingTests
{
    private sealed class Sweep(SweepDefinition d) : SweepDriver(d, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
        /// <summary>Leases every trial (one slot each) and returns their ids in order.</summary>
        public List<string> LeaseAll()
        {
            var ids = new List<string>();
            while (Do(new LeaseTrial($"w{ids.Count}", "/a", Now)).OfType<TrialStarted>().SingleOrDefault() is { } s) ids.Add(s.TrialId);
            return ids;
        }

        /// <summary>A report of the objective; returns the reason when it stopped the trial.</summary>
        public string? Report(string trial, long step, double val) =>
            Do(new ReportProgress(trial, State.Trials[trial].Attempt, step, new Dictionary<string, double> { ["score"] = val, ["loss"] = 1 - val }, Now))
                .OfType<TrialStopped>().SingleOrDefault()?.Reason;
    }

    private static Sweep Start(string stopping, int trials = 6, string direction = "maximize", string seeds = "[0]") =>
        new(Valid(Command($"seeds: {seeds}\nspace:\n  x: [{string.Join(", ", Enumerable.Range(1, trials))}]", $"early_stopping: {stopping}\n")
            .Replace("direction: maximize", $"direction: {direction}")));

    [Fact]
    public void Asha_promotes_the_best_third_at_each_rung_and_stops_the_rest()
    {
        var s = Start("{ rule: asha, grace_steps: 1, reduction: 3, max_steps: 100 }");
        var t = s.LeaseAll();
        Assert.Equal([1L, 3, 9, 27, 81], AshaRule.Rungs(s.State.Spec!.EarlyStopping!));
        Assert.Null(s.Report(t[0], 1, 0.5));    // first at rung 1: goes on
        Assert.Null(s.Report(t[1], 1, 0.6));    // better than the 1/3 cutoff of [0.5]
        Assert.NotNull(s.Report(t[2], 1, 0.1)); // below the cutoff of [0.5, 0.6]: stopped
        Assert.Null(s.Report(t[3], 1, 0.7));
        Assert.Null(s.Report(t[0], 2, 0.1));    // no new rung crossed: no decision, however bad
        Assert.Null(s.Report(t[0], 3, 0.55));   // first at rung 3: promoted
        var reason = s.Report(t[1], 3, 0.2);    // worse than [0.55] at rung 3
        Assert.Equal("early stopping (asha): -0.2 at rung 3 is outside the best 1/3 of 1 other configuration (cutoff -0.55)", reason);
        Assert.Null(s.Report(t[4], 10, 0.01));  // jumps to rung 9 at once: judged there only (nobody there yet)
        Assert.NotNull(s.Report(t[5], 1, 0.05)); // rung 1 holds 0.5, 0.6, 0.1, 0.7 (not the jumper): cutoff 0.6
        Assert.Equal([TrialStatus.Running, TrialStatus.Stopped, TrialStatus.Stopped, TrialStatus.Running, TrialStatus.Running, TrialStatus.Stopped],
            t.Select(id => s.State.Trials[id].Status));
    }

    [Fact]
    public void Asha_counts_a_configuration_once_at_a_rung_whatever_its_number_of_trials()
    {
        // Three seeds a configuration: trials 0-2 are x = 1, 3-5 x = 2, 6-8 x = 3, 9-11 x = 4.
        var s = Start("{ rule: asha, grace_steps: 1, reduction: 3, max_steps: 100 }", trials: 4, seeds: "[0, 1, 2]");
        var t = s.LeaseAll();
        Assert.Null(s.Report(t[0], 1, 0.9));
        Assert.Null(s.Report(t[1], 1, 0.3));     // its own configuration's seed is no competitor (per trial: stopped by 0.9)
        Assert.Null(s.Report(t[2], 1, 0.9));
        Assert.NotNull(s.Report(t[3], 1, 0.5));  // against x = 1 at its mean, 0.7
        Assert.NotNull(s.Report(t[6], 1, 0.4));
        // The rung holds x = 1 (0.7), x = 2 (0.5), x = 3 (0.4): 0.65 is in their best third (cutoff 0.5667). Counted per
        // trial, x = 1's three seeds would fill that third (cutoff 0.7667) and stop it.
        Assert.Null(s.Report(t[9], 1, 0.65));
        Assert.Equal("early stopping (asha): -0.55 at rung 1 is outside the best 1/3 of 3 other configurations (cutoff -0.666667)",
            s.Report(t[4], 1, 0.55));
    }

    [Fact]
    public void Asha_minimizing_stops_the_high_values()
    {
        var s = Start("{ rule: asha, grace_steps: 5, reduction: 2, max_steps: 40 }", direction: "minimize");
        var t = s.LeaseAll();
        Assert.Null(s.Report(t[0], 5, 0.3));
        Assert.NotNull(s.Report(t[1], 6, 0.9));
        Assert.Null(s.Report(t[2], 5, 0.1));
    }

    [Fact]
    public void Median_stops_a_trial_whose_best_is_worse_than_the_median_at_its_step_after_the_grace_steps()
    {
        var s = Start("{ rule: median, grace_steps: 10, min_trials: 2 }", trials: 4);
        var t = s.LeaseAll();
        foreach (var (id, v) in new[] { (t[0], 0.8), (t[1], 0.6), (t[2], 0.7) }) s.Report(id, 10, v);
        Assert.Null(s.Report(t[3], 5, 0.1));     // within the grace steps
        Assert.NotNull(s.Report(t[3], 10, 0.5)); // median of [0.8, 0.6, 0.7] at step 10 is 0.7
        var m = Start("{ rule: median, grace_steps: 0, min_trials: 2 }", trials: 3);
        var u = m.LeaseAll();
        m.Report(u[0], 4, 0.9);
        Assert.Null(m.Report(u[1], 4, 0.1));     // one other trial at step 4: fewer than min_trials
        Assert.Null(m.Report(u[2], 8, 0.95));    // nobody else has reached step 8
    }

    [Fact]
    public void A_stopped_trial_keeps_its_last_values_frees_its_place_and_is_what_tpe_learns_from()
    {
        var s = Start("{ rule: asha, grace_steps: 1, reduction: 2, max_steps: 10 }", trials: 3);
        var t = s.LeaseAll();
        s.Report(t[0], 1, 0.9);
        Assert.NotNull(s.Report(t[1], 1, 0.2));
        var stopped = s.State.Trials[t[1]];
        Assert.Equal((TrialStatus.Stopped, 0.2, 0.8), (stopped.Status, stopped.Objective!.Value, stopped.Metrics["loss"]));
        Assert.Equal(2, s.State.Count(TrialStatus.Running));
        Assert.Equal(1, s.State.Count(TrialStatus.Stopped));
        Assert.Contains(s.State.History().Finished, o => o.Losses[0] == -0.2);
        // The slot's cancelled attempt comes back as lost: nothing changes, it is just acknowledged.
        Assert.Empty(s.Do(new FailTrial(t[1], 1, "stopped: early stopping", false, s.Now)));
        Assert.Equal(TrialStatus.Stopped, s.State.Trials[t[1]].Status);
        Assert.Empty(s.Do(new ReportProgress(t[1], 1, 2, new Dictionary<string, double> { ["score"] = 1 }, s.Now)));

        var board = BoardKinds.Trials.Build(s.State, BoardOptions.Default);
        var row = board.Rows.Single(r => (string?)r[board.Columns.ToList().FindIndex(c => c.Name == "trial")] == t[1]);
        Assert.Equal("stopped", row[board.Columns.ToList().FindIndex(c => c.Name == "status")]);
        Assert.Equal(0.2, row[board.Columns.ToList().FindIndex(c => c.Name == "score")]);
        Assert.Contains("1 stopped", board.Title);

        foreach (var id in new[] { t[0], t[2] })
            s.Do(new CompleteTrial(id, 1, new Dictionary<string, double> { ["score"] = 0.5 }, 0.5, s.Now));
        Assert.Equal(SweepPhase.Completed, s.State.Phase);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(s.State), System.Text.Json.JsonSerializer.Serialize(SweepState.Replay(s.State.Id, s.Journal)));
    }

    [Theory]
    [InlineData("early_stopping: { rule: hyperband }", 9, 25, "early_stopping.rule must be median or asha, not 'hyperband'")]
    [InlineData("early_stopping: { rule: asha, grace_steps: 10 }", 9, 17, "early_stopping.max_steps is required for asha (the steps a trial runs at most)")]
    [InlineData("early_stopping: { rule: asha, grace_steps: 10, max_steps: 10 }", 9, 59, "early_stopping.max_steps (10) must be above grace_steps (10)")]
    [InlineData("early_stopping: { rule: median, reduction: 2 }", 9, 33, "unknown key 'reduction' in early_stopping (rule median)")]
    public void Bad_early_stopping_blocks_are_refused_with_their_position(string block, int line, int column, string message)
    {
        var problem = Assert.Single(SpecReader.Parse(Base + "\n" + block).Problems);
        Assert.Equal((line, column, message), (problem.At.Line, problem.At.Column, problem.Message));
    }
}
