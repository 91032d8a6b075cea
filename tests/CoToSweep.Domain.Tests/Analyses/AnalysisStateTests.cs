using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Shapley.Games;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Tests.Analyses;

public class AnalysisStateTests
{
    private static readonly LayerGame Game = new(6, 7);

    private static ShapleyEstimate OneProcess(ShapleyAnalysisSpec spec, ICoalitionGame game) =>
        ShapleyDriver.Run(ShapleyEstimators.Find(spec.Method)!, new ShapleyRequest(game.Players, spec.Samples, (ulong)spec.Seed, spec.UnitDraws),
            game, new StoppingRule(spec.TargetHalfWidth, spec.MaxEvaluations));

    [Theory]
    [InlineData("exact")]
    [InlineData("permutation")]
    [InlineData("antithetic")]
    [InlineData("owen")]
    [InlineData("stratified")]
    [InlineData("regression")]
    public void Units_completed_in_any_order_by_several_slots_give_the_one_process_answer(string method)
    {
        for (var seed = 0; seed < 3; seed++)
        {
            var sweep = new AnalysisSweep($"{{ method: {method}, samples: 24, seed: {seed}, unit_draws: 3 }}");
            sweep.TrainAll();
            sweep.RunAnalyses(Game, new Random(seed));
            var a = sweep.Analysis();
            Assert.Equal(AnalysisStatus.Completed, a.Status);
            var expected = OneProcess(sweep.Spec, Game);
            Assert.Equal(expected.Values, ((ShapleyResult)a.Result!).Values);
            Assert.Equal(expected.StdErrors, ((ShapleyResult)a.Result!).StdErrors);
            Assert.Equal(expected.Units, ((ShapleyResult)a.Result!).Units);
            Assert.Equal(Game.Value(Coalitions.Grand(6)), ((ShapleyResult)a.Result!).GrandValue);
            Assert.Equal(Game.Value(0), ((ShapleyResult)a.Result!).EmptyValue);
            Assert.Equal(SweepPhase.Completed, sweep.State.Phase);
            Assert.IsType<SweepCompleted>(sweep.Journal[^1]);
        }
    }

    [Fact]
    public void A_coalition_is_evaluated_once_across_units()
    {
        var sweep = new AnalysisSweep("{ method: permutation, samples: 64, unit_draws: 2 }");
        sweep.TrainAll();
        sweep.RunAnalyses(Game, new Random(1), slots: 1);
        var asked = sweep.Journal.OfType<AnalysisUnitStarted>().SelectMany(u => u.Probes).ToList();
        Assert.Equal(asked.Count, asked.Distinct().Count());
        Assert.Equal(sweep.Analysis().Values.Count, ((ShapleyResult)sweep.Analysis().Result!).Evaluations);
        Assert.True(((ShapleyResult)sweep.Analysis().Result!).Evaluations <= 64, "6 groups have 64 coalitions");
    }

    [Fact]
    public void Lost_units_are_leased_again_and_the_answer_does_not_change()
    {
        var sweep = new AnalysisSweep("{ method: antithetic, samples: 16, seed: 5, unit_draws: 2 }");
        sweep.TrainAll();
        var lost = (AnalysisUnitStarted)sweep.Lease("gone")!;
        var events = sweep.Do(new FailAnalysisUnit(lost.AnalysisId, lost.Unit, lost.Attempt, "worker node left", false, sweep.Now));
        Assert.IsType<AnalysisUnitRequeued>(Assert.Single(events));
        var again = (AnalysisUnitStarted)sweep.Lease("w2")!;
        Assert.Equal((lost.Unit, 2), (again.Unit, again.Attempt));
        // The late result of the lost attempt is accepted once; the second is then stale.
        Assert.Contains(sweep.Complete(lost, Game), e => e is AnalysisUnitCompleted);
        Assert.Empty(sweep.Complete(again, Game));
        sweep.RunAnalyses(Game, new Random(2));
        Assert.Equal(OneProcess(sweep.Spec, Game).Values, ((ShapleyResult)sweep.Analysis().Result!).Values);
    }

    [Fact]
    public void Resume_requeues_running_units_and_never_re_leases_completed_ones()
    {
        var sweep = new AnalysisSweep("{ method: permutation, samples: 16, unit_draws: 2 }");
        sweep.TrainAll();
        var first = (AnalysisUnitStarted)sweep.Lease()!;
        var second = (AnalysisUnitStarted)sweep.Lease()!;
        sweep.Complete(first, Game);
        // The coordinator stops here; a new one replays the journal and resumes.
        var resumed = new AnalysisSweep("{ method: permutation, samples: 16, unit_draws: 2 }") { State = SweepState.Replay(sweep.State.Id, sweep.Journal) };
        var requeued = resumed.Do(new ResumeSweep(resumed.Now));
        Assert.Equal(second.Unit, Assert.IsType<AnalysisUnitRequeued>(Assert.Single(requeued)).Unit);
        resumed.RunAnalyses(Game, new Random(3));
        var leasedAfter = resumed.Journal.OfType<AnalysisUnitStarted>().Select(u => u.Unit).ToList();
        Assert.DoesNotContain(first.Unit, leasedAfter);
        Assert.Contains(second.Unit, leasedAfter);
        Assert.Equal(OneProcess(resumed.Spec, Game).Values, ((ShapleyResult)resumed.Analysis().Result!).Values);
    }

    [Fact]
    public void Replaying_the_journal_gives_the_live_state()
    {
        var sweep = new AnalysisSweep("{ method: stratified, samples: 32, unit_draws: 2 }", "seeds: [0, 1, 2]");
        sweep.RunAnalyses(Game, new Random(4));
        var replayed = SweepState.Replay(sweep.State.Id, sweep.Journal);
        foreach (var id in sweep.State.AnalysisOrder)
        {
            Assert.Equal((ShapleyResult?)sweep.State.Analyses[id].Result, (ShapleyResult?)replayed.Analyses[id].Result, ResultComparer.Instance);
            Assert.Equal(ShapleyAnalysis.EstimateOf(sweep.State, sweep.State.Analyses[id]).Values, ShapleyAnalysis.EstimateOf(replayed, replayed.Analyses[id]).Values);
        }
        Assert.Equal(3, replayed.Analyses.Count);
        Assert.Equal(SweepPhase.Completed, replayed.Phase);
    }

    [Fact]
    public void Each_trial_is_analysed_as_it_completes_by_default()
    {
        var sweep = new AnalysisSweep("{ method: exact }", "seeds: [0, 1]");
        var started = (TrialStarted)sweep.Lease()!;
        var events = sweep.Do(new CompleteTrial(started.TrialId, 1, new Dictionary<string, double> { ["val_acc"] = 0.5 }, 0.5, sweep.Now));
        var planned = Assert.Single(events.OfType<AnalysisPlanned>());
        Assert.Equal(["layer0", "layer1", "layer2", "layer3", "layer4", "layer5"], planned.Groups);
        Assert.Equal("/artifacts/" + sweep.State.Id + "/t0000-s0/attempt-1", planned.ArtifactDirs[0]);
        // Units of the finished trial's analysis come before the next trial.
        Assert.IsType<AnalysisUnitStarted>(sweep.Lease());
    }

    [Fact]
    public void Top_k_analyses_start_when_training_is_over_on_the_best_trials()
    {
        var sweep = new AnalysisSweep("{ method: exact, top_k: 2 }", "seeds: [0, 1, 2, 3]");
        sweep.TrainAll(order => new[] { 0.2, 0.9, 0.4, 0.7 }[order]);
        Assert.Equal(["shapley-t0000-s1", "shapley-t0000-s3"], sweep.State.AnalysisOrder);
        Assert.NotEqual(SweepPhase.Completed, sweep.State.Phase);
        sweep.RunAnalyses(Game, new Random(5));
        Assert.Equal(SweepPhase.Completed, sweep.State.Phase);
    }

    [Fact]
    public void Module_granularity_names_layer_and_projection_groups()
    {
        var sweep = new AnalysisSweep("{ method: permutation, samples: 2 }", trial: "  base: { depth: 2 }\n  adapter: { targets: [q, v] }\n  schedule: { granularity: module }\n");
        sweep.TrainAll();
        Assert.Equal(["layer0.q", "layer0.v", "layer1.q", "layer1.v"], sweep.Analysis().Groups);
    }

    [Fact]
    public void The_evaluation_budget_stops_the_estimate_at_a_unit_boundary()
    {
        var game = new LayerGame(12, 3);
        var sweep = new AnalysisSweep("{ method: permutation, samples: 1000, max_evaluations: 100, unit_draws: 2 }",
            trial: "  base: { depth: 12 }\n");
        sweep.TrainAll();
        sweep.RunAnalyses(game, new Random(6), slots: 1);
        var result = (ShapleyResult)sweep.Analysis().Result!;
        Assert.StartsWith("evaluation budget 100", result.StopReason);
        Assert.InRange(result.Evaluations, 100, 100 + 2 * 13 + 2);
        Assert.Equal(OneProcess(sweep.Spec, game).Values, result.Values);
    }

    [Fact]
    public void A_target_half_width_stops_the_estimate_with_honest_errors()
    {
        var sweep = new AnalysisSweep("{ method: antithetic, samples: 4096, target_half_width: 0.01, unit_draws: 4 }");
        sweep.TrainAll();
        sweep.RunAnalyses(Game, new Random(7));
        var result = (ShapleyResult)sweep.Analysis().Result!;
        Assert.StartsWith("target half-width", result.StopReason);
        Assert.All(result.StdErrors, se => Assert.True(1.96 * se <= 0.01));
        Assert.True(result.SamplesPerPlayer < 4096);
    }

    [Fact]
    public void Evaluation_faults_beyond_retries_fail_the_analysis_but_not_the_sweep()
    {
        var sweep = new AnalysisSweep("{ method: exact }");
        sweep.TrainAll();
        var unit = (AnalysisUnitStarted)sweep.Lease()!;
        var events = sweep.Do(new FailAnalysisUnit(unit.AnalysisId, unit.Unit, unit.Attempt, "no trained adapter", true, sweep.Now));
        Assert.IsType<AnalysisFailed>(events[0]);
        Assert.Equal(new SweepCompleted(true, default).Succeeded, Assert.IsType<SweepCompleted>(events[^1]).Succeeded);
        Assert.Equal(AnalysisStatus.Failed, sweep.Analysis().Status);
        Assert.Null(sweep.Lease());
    }

    [Fact]
    public void Results_that_do_not_match_a_lease_are_ignored()
    {
        var sweep = new AnalysisSweep("{ method: exact }");
        sweep.TrainAll();
        var unit = (AnalysisUnitStarted)sweep.Lease()!;
        Assert.Empty(sweep.Do(new CompleteAnalysisUnit(unit.AnalysisId, unit.Unit, unit.Attempt + 1, unit.Probes, unit.Probes.Select(_ => ProbeResult.Of("acc", 0.0)).ToArray(), sweep.Now)));
        Assert.Empty(sweep.Do(new CompleteAnalysisUnit(unit.AnalysisId, unit.Unit, unit.Attempt, unit.Probes, [], sweep.Now)));
        Assert.Empty(sweep.Do(new CompleteAnalysisUnit("shapley-nope", 0, 1, [], [], sweep.Now)));
        Assert.Empty(sweep.Do(new CompleteAnalysisUnit(unit.AnalysisId, unit.Unit, unit.Attempt, unit.Probes.Skip(1).ToArray(),
            unit.Probes.Skip(1).Select(_ => ProbeResult.Of("acc", 0.0)).ToArray(), sweep.Now)));
    }

    private sealed class ResultComparer : IEqualityComparer<ShapleyResult?>
    {
        public static readonly ResultComparer Instance = new();

        public bool Equals(ShapleyResult? x, ShapleyResult? y) => x is null ? y is null : y is not null &&
            x.Values.SequenceEqual(y.Values) && x.StdErrors.SequenceEqual(y.StdErrors) && x with { Values = [], StdErrors = [] } == y with { Values = [], StdErrors = [] };

        public int GetHashCode(ShapleyResult? obj) => 0;
    }
}
