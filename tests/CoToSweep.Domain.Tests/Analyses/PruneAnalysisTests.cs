using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Tests.Analyses;

public sealed class PruneAnalysisTests
{
    private static (KindSweep Sweep, AnalysisRecord Prune) Pruned(string prune, string extra = "")
    {
        var sweep = new KindSweep(extra + "  prune: " + prune, "seeds: [0]");
        Assert.Empty(sweep.Run());
        return (sweep, sweep.State.Analyses[PruneAnalysis.IdFor("t0000-s0")]);
    }

    [Fact]
    public void The_shapley_order_drops_the_lowest_value_first()
    {
        var (sweep, prune) = Pruned("{ orders: [shapley], ratios: [0.5], sparsities: [] }", "  shapley: { method: exact }\n");
        var member = prune.ArtifactDir!;
        // The probe model is additive, so exact Shapley values are the groups' weights.
        var byWeight = Enumerable.Range(0, 6).OrderBy(i => ProbeModel.Weight(member, i)).ToArray();
        Assert.Equal(byWeight, PruneAnalysis.Sequence(sweep.State, prune, "shapley", 0));
        var curve = Assert.Single(Assert.IsType<PruneResult>(prune.Result).Curves);
        var kept = byWeight.Skip(3).Aggregate(0UL, (m, i) => m | 1UL << i);
        Assert.Equal(ProbeModel.Accuracy(member, kept), curve.Accuracy[1], 12);
    }

    [Fact]
    public void For_a_loss_the_shapley_order_drops_the_group_that_raises_it_most_first()
    {
        var sweep = new KindSweep("  shapley: { method: exact, metric: val_loss }\n  prune: { orders: [shapley] }", "seeds: [0]");
        Assert.Empty(sweep.Run());
        var prune = sweep.State.Analyses[PruneAnalysis.IdFor("t0000-s0")];
        // loss = 2.3 − 2·acc: the lowest-weight group lowers the loss least, i.e. has the highest φ on the loss.
        var byWeight = Enumerable.Range(0, 6).OrderBy(i => ProbeModel.Weight(prune.ArtifactDir!, i)).ToArray();
        Assert.Equal(byWeight, PruneAnalysis.Sequence(sweep.State, prune, "shapley", 0));
    }

    [Fact]
    public void Ratio_0_is_the_unpruned_adapter_and_ratio_1_the_base_model()
    {
        var (sweep, prune) = Pruned("{ orders: [everyother, high-first, low-first, random], ratios: [0.5], sparsities: [0.5] }");
        var result = Assert.IsType<PruneResult>(prune.Result);
        Assert.Equal(5, result.Curves.Count);
        foreach (var c in result.Curves)
        {
            Assert.Equal([0, 0.5, 1], c.X);
            Assert.Equal(sweep.State.Trials["t0000-s0"].Metrics["val_acc"], c.Accuracy[0]);
            Assert.Equal(ProbeModel.Accuracy(prune.ArtifactDir!, 0UL), c.Accuracy[^1], 12);
        }
        Assert.True(prune.Values.ContainsKey(Coalitions.Grand(6)) && prune.Values.ContainsKey(0UL));
    }

    [Fact]
    public void Orders_drop_groups_in_their_sequence()
    {
        var (sweep, prune) = Pruned("{ orders: [everyother], sparsities: [] }");
        Assert.Equal([1, 3, 5, 0, 2, 4], PruneAnalysis.Sequence(sweep.State, prune, "everyother", 0));
        Assert.Equal([5, 4, 3, 2, 1, 0], PruneAnalysis.Sequence(sweep.State, prune, "high-first", 0));
        Assert.Equal([0, 1, 2, 3, 4, 5], PruneAnalysis.Sequence(sweep.State, prune, "low-first", 0));
        var r0 = PruneAnalysis.Sequence(sweep.State, prune, "random", 0);
        Assert.Equal(r0, PruneAnalysis.Sequence(sweep.State, prune, "random", 0));
        Assert.NotEqual(r0, PruneAnalysis.Sequence(sweep.State, prune, "random", 1));
        Assert.Equal([0, 1, 2, 3, 4, 5], r0.Order());
        // Every other group at ratio 0.5: layers 1, 3, 5 dropped.
        var curve = Assert.Single(((PruneResult)prune.Result!).Curves);
        Assert.Equal(ProbeModel.Accuracy(prune.ArtifactDir!, 0b010101), curve.Accuracy[Array.IndexOf(curve.X.ToArray(), 0.5)], 12);
    }

    [Fact]
    public void Magnitude_probes_sparsify_delta_per_scope_between_the_adapter_and_the_base_model()
    {
        var (sweep, prune) = Pruned("{ orders: [], sparsities: [0.5, 0.9], scope: [layer, global] }");
        var probes = sweep.Journal.OfType<AnalysisUnitStarted>().SelectMany(s => sweep.State.AssignmentFor(s).Probes).ToList();
        Assert.Equal(4, probes.OfType<MagnitudeProbe>().Count());
        Assert.Contains(new MagnitudeProbe(prune.ArtifactDir!, 0.9, "global", "val"), probes);
        var curves = ((PruneResult)prune.Result!).Curves;
        Assert.Equal(["layer", "global"], curves.Select(c => c.Order));
        Assert.All(curves, c => Assert.Equal("magnitude", c.Mode));
        Assert.All(curves, c => Assert.Equal([0, 0.5, 0.9, 1], c.X));
    }

    [Fact]
    public void The_area_is_under_accuracy_relative_to_the_unpruned_adapter()
    {
        var c = PruneAnalysis.Curve("structured", "x", [0, 0.5, 1], [0.8, 0.4, 0.0], [0, 0, 0]);
        Assert.Equal(0.5, c.NormalisedArea, 12);
        Assert.Equal(0.4, c.AccuracyAtHalf);
    }

    [Fact]
    public void Prune_by_shapley_waits_for_the_trials_shapley_values()
    {
        var sweep = new KindSweep("  shapley: { method: exact }\n  prune: { orders: [shapley] }", "seeds: [0]");
        var running = Assert.Single(sweep.Run(stopAfter: 0));
        Assert.Equal([ShapleyAnalysis.IdFor("t0000-s0")], sweep.State.Analyses.Keys);
        sweep.Complete(running);
        Assert.Empty(sweep.Run());
        var planned = sweep.Journal.OfType<AnalysisPlanned>().Select(p => p.AnalysisId).ToList();
        Assert.Equal(["shapley-t0000-s0", "prune-t0000-s0"], planned);
        var shapleyDone = sweep.Journal.FindIndex(e => e is AnalysisCompleted { AnalysisId: "shapley-t0000-s0" });
        Assert.True(sweep.Journal.FindIndex(e => e is AnalysisPlanned { AnalysisId: "prune-t0000-s0" }) > shapleyDone);
        Assert.Equal(SweepPhase.Completed, sweep.State.Phase);
    }

    [Fact]
    public void When_the_shapley_analysis_fails_pruning_runs_the_other_orders()
    {
        var sweep = new KindSweep("  shapley: { method: exact }\n  prune: { orders: [shapley, low-first], sparsities: [] }", "seeds: [0]");
        var unit = Assert.Single(sweep.Run(stopAfter: 0));
        sweep.Do(new SweepCommands.FailAnalysisUnit(unit.AnalysisId, unit.Unit, unit.Attempt, "no trained adapter", true, sweep.Now));  // retries: 0
        Assert.Equal(AnalysisStatus.Failed, sweep.State.Analyses[unit.AnalysisId].Status);
        Assert.Empty(sweep.Run());
        var prune = sweep.State.Analyses[PruneAnalysis.IdFor("t0000-s0")];
        Assert.Equal(["low-first"], Assert.IsType<PruneResult>(prune.Result).Curves.Select(c => c.Order));
        Assert.Equal(SweepPhase.Completed, sweep.State.Phase);
    }
}
