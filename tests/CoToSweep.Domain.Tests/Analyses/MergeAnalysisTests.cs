using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Tests.Analyses;

public sealed class MergeAnalysisTests
{
    [Fact]
    public void The_barriers_are_measured_against_the_chord()
    {
        var curve = MergeAnalysis.Curve("a", "b", "delta", [0, 0.5, 1], [new(0.8, 0.5), new(0.5, 1.0), new(0.6, 0.7)]);
        Assert.Equal(0.2, curve.AccuracyBarrier, 12);     // chord at 0.5: 0.7, curve 0.5
        Assert.Equal(0.4, curve.LossBarrier, 12);         // chord at 0.5: 0.6, curve 1.0
        Assert.Equal(0.5, curve.AccuracyAtHalf);
        var convex = MergeAnalysis.Curve("a", "b", "delta", [0, 0.5, 1], [new(0.6, 1), new(0.9, 0.2), new(0.6, 1)]);
        Assert.Equal(0, convex.AccuracyBarrier);          // above the chord everywhere: the endpoints give 0
        Assert.Equal(0, convex.LossBarrier);
    }

    [Fact]
    public void Seeds_are_merged_pairwise_once_a_configuration_is_finished_and_the_endpoints_are_the_trained_adapters()
    {
        var sweep = new KindSweep("  merge: { across: seeds, lambdas: [0.5] }", "seeds: [0, 1, 2]\nspace:\n  lr: [0.01, 0.02]");
        Assert.Empty(sweep.Run());
        var analyses = sweep.State.AnalysesInOrder.ToList();
        Assert.Equal(["merge-c0000", "merge-c0001"], analyses.Select(a => a.Id));
        var a = analyses[0];
        Assert.Equal(["t0000-s0", "t0000-s1", "t0000-s2"], a.TrialIds);
        var result = Assert.IsType<MergeResult>(a.Result);
        Assert.Equal([("t0000-s0", "t0000-s1"), ("t0000-s0", "t0000-s2"), ("t0000-s1", "t0000-s2")], result.Curves.Select(c => (c.TrialA, c.TrialB)));
        foreach (var c in result.Curves)
        {
            Assert.Equal([0, 0.5, 1], c.Lambdas);
            // λ = 0 and 1 are the trained adapters themselves: the trials' own metrics, exactly.
            Assert.Equal(sweep.State.Trials[c.TrialA].Metrics["val_acc"], c.Accuracy[0]);
            Assert.Equal(sweep.State.Trials[c.TrialB].Metrics["val_acc"], c.Accuracy[^1]);
        }
        // Each endpoint is evaluated once for all the pairs it is in: 3 endpoints + 3 midpoints.
        Assert.Equal(6, a.Values.Count);
        var started = sweep.Journal.OfType<AnalysisUnitStarted>().Where(s => s.AnalysisId == a.Id).ToList();
        Assert.Equal(6, started.Sum(s => s.Probes.Count));
    }

    [Fact]
    public void Endpoint_probes_mask_nothing_and_interior_probes_interpolate_in_the_asked_space()
    {
        var sweep = new KindSweep("  merge: { across: seeds, space: factors, lambdas: [0.3] }", "seeds: [0, 1]");
        var unit = Assert.Single(sweep.Run(stopAfter: 0));
        var probes = sweep.State.AssignmentFor(unit).Probes;
        var a = sweep.State.Analyses[unit.AnalysisId];
        Assert.Equal(new MaskProbe(a.ArtifactDirs[0]!, Coalitions.Grand(6), "val"), probes[0]);
        Assert.Equal(new InterpolateProbe(a.ArtifactDirs[0]!, a.ArtifactDirs[1]!, 0.3, "factors", "val"), probes[1]);
        Assert.Equal(new MaskProbe(a.ArtifactDirs[1]!, Coalitions.Grand(6), "val"), probes[2]);
    }

    [Fact]
    public void Max_pairs_keeps_the_first_pairs()
    {
        Assert.Equal([(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)], MergeAnalysis.Pairs(4, null));
        Assert.Equal([(0, 1), (0, 2)], MergeAnalysis.Pairs(4, 2));
    }

    [Fact]
    public void A_seed_that_failed_for_good_leaves_the_others_to_merge()
    {
        var sweep = new KindSweep("  merge: { across: seeds }", "seeds: [0, 1, 2]");
        var first = (TrialStarted)sweep.Lease()!;
        sweep.Do(new FailTrial(first.TrialId, 1, "NaN loss", true, sweep.Now));   // retries: 0
        Assert.Empty(sweep.Run());
        var a = Assert.Single(sweep.State.Analyses.Values);
        Assert.Equal(["t0000-s1", "t0000-s2"], a.TrialIds);
        Assert.Single(Assert.IsType<MergeResult>(a.Result).Curves);
    }

    [Fact]
    public void Tasks_are_merged_per_seed_and_evaluated_on_every_member_task()
    {
        var sweep = new KindSweep("  merge: { across: tasks, methods: [average, ties] }",
            "seeds: [0, 1]\nspace:\n  task: [fmnist-rotated, fmnist-inverted, fmnist-flipped]");
        Assert.Empty(sweep.Run());
        var analyses = sweep.State.AnalysesInOrder.ToList();
        Assert.Equal(["merge-tasks-t0000-s0", "merge-tasks-t0000-s1"], analyses.Select(a => a.Id));
        Assert.Equal(["t0000-s0", "t0001-s0", "t0002-s0"], analyses[0].TrialIds);
        var result = Assert.IsType<MergeResult>(analyses[0].Result);
        Assert.Equal(6, result.Tasks.Count);
        Assert.Equal(["fmnist-rotated", "fmnist-inverted", "fmnist-flipped"], result.Tasks.Where(t => t.Method == "ties").Select(t => t.Task));
        foreach (var t in result.Tasks)
        {
            Assert.Equal(sweep.State.Trials[t.Trial].Metrics["val_acc"], t.OwnAccuracy);
            Assert.Equal(t.Accuracy / t.OwnAccuracy, t.Normalised, 12);
        }
        var merged = sweep.Journal.OfType<AnalysisUnitStarted>().Where(s => s.AnalysisId == analyses[0].Id)
            .SelectMany(s => sweep.State.AssignmentFor(s).Probes).OfType<MergeProbe>().ToList();
        Assert.Equal(6, merged.Count);
        Assert.All(merged, m => Assert.Equal(analyses[0].ArtifactDirs, m.Members));
        Assert.Equal(["fmnist-rotated", "fmnist-inverted", "fmnist-flipped"], merged.Where(m => m.Method == "average").Select(m => m.Task));
    }
}
