using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Tests.Analyses;

/// <summary>
/// The contract every analysis kind keeps (shapley, merge across seeds and tasks, prune with and without the Shapley
/// order): units completed in any order by simulated slots give the one-process answer; a resumed analysis redoes no
/// finished unit; lost units are leased again and the answer is unchanged.
/// </summary>
public sealed class AnalysisKindConformanceTests
{
    public sealed record Case(string Name, string Analysis, string Search, string Kind = "coto", string Trial = "")
    {
        public override string ToString() => Name;

        internal KindSweep Sweep() => new(Analysis, Search, Trial, kind: Kind);
    }

    public static TheoryData<Case> Cases => new(
        new Case("shapley", "  shapley: { method: permutation, samples: 8, unit_draws: 2 }", "seeds: [0, 1]"),
        new Case("merge-seeds", "  merge: { across: seeds, lambdas: [0.25, 0.5, 0.75] }", "seeds: [0, 1, 2]"),
        new Case("merge-seeds-factors", "  merge: { across: seeds, space: factors, max_pairs: 2 }", "seeds: [0, 1, 2]\nspace:\n  lr: [0.01, 0.02]"),
        new Case("merge-tasks", "  merge: { across: tasks, methods: [average, task_arithmetic, ties, dare] }",
            "seeds: [0, 1]\nspace:\n  task: [fmnist-rotated, fmnist-inverted, fmnist-flipped]"),
        new Case("prune", "  prune: { orders: [random, everyother, high-first, low-first], ratios: [0.5], sparsities: [0.5, 0.9], scope: [layer, global] }",
            "seeds: [0, 1]"),
        new Case("prune-by-shapley", "  shapley: { method: exact }\n  prune: { orders: [shapley, random], draws: 2 }", "seeds: [0, 1]"),
        new Case("all-three", "  shapley: { method: antithetic, samples: 4 }\n  merge: { across: seeds }\n  prune: { orders: [shapley, everyother] }",
            "seeds: [0, 1]"),
        new Case("corruption", "  corruption: { replace_sigma: [0, 0.02], rescale: [0.5, 1, 2] }", "seeds: [0, 1]\nspace:\n  A: [0, 10]", "nemesis",
            "  n_ctx: 4\n"),
        new Case("corruption-top-k", "  corruption: { rescale: 0.5, top_k: 2, seed: 3 }", "seeds: [0, 1, 2]", "nemesis", "  n_ctx: 3\n"));

    private static IReadOnlyDictionary<string, string> OneProcess(Case c)
    {
        var sweep = c.Sweep();
        Assert.Empty(sweep.Run());
        Assert.Equal(SweepPhase.Completed, sweep.State.Phase);
        Assert.All(sweep.State.Analyses.Values, a => Assert.Equal(AnalysisStatus.Completed, a.Status));
        Assert.NotEmpty(sweep.State.Analyses);
        return sweep.Results();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Units_completed_in_any_order_by_several_slots_give_the_one_process_answer(Case c)
    {
        var expected = OneProcess(c);
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var sweep = c.Sweep();
            Assert.Empty(sweep.Run(new Random(seed), slots: 3));
            Assert.Equal(SweepPhase.Completed, sweep.State.Phase);
            Assert.Equal(expected, sweep.Results());
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_resumed_analysis_redoes_no_finished_unit(Case c)
    {
        var expected = OneProcess(c);
        var sweep = c.Sweep();
        var total = c.Sweep().Run().Count + CountUnits(c);
        var stillRunning = sweep.Run(new Random(5), slots: 3, stopAfter: total / 2);
        Assert.NotEmpty(stillRunning);
        var finished = sweep.State.Analyses.Values.SelectMany(a => a.Completed.Select(u => (a.Id, u))).ToHashSet();
        var knownProbes = sweep.State.Analyses.Values.SelectMany(a => a.Values.Keys.Select(p => (a.Id, p))).ToHashSet();
        var mark = sweep.Journal.Count;
        sweep.Restart();
        Assert.Equal(stillRunning.Count, sweep.Journal.Skip(mark).OfType<AnalysisUnitRequeued>().Count());
        Assert.Empty(sweep.Run(new Random(6), slots: 2));
        var after = sweep.Journal.Skip(mark).OfType<AnalysisUnitStarted>().ToList();
        Assert.DoesNotContain(after, s => finished.Contains((s.AnalysisId, s.Unit)));
        Assert.DoesNotContain(after.SelectMany(s => s.Probes.Select(p => (s.AnalysisId, p))), knownProbes.Contains);
        Assert.Equal(expected, sweep.Results());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lost_units_are_leased_again_and_change_nothing(Case c)
    {
        var expected = OneProcess(c);
        var sweep = c.Sweep();
        var lost = 0;
        while (sweep.Lease("w-lost") is { } e)
        {
            if (e is TrialStarted t) { sweep.CompleteTrial(t); continue; }
            var u = (AnalysisUnitStarted)e;
            if (u.Attempt == 1)
            {
                Assert.Equal(u.Attempt, Assert.IsType<AnalysisUnitRequeued>(Assert.Single(
                    sweep.Do(new FailAnalysisUnit(u.AnalysisId, u.Unit, u.Attempt, "worker lost", false, sweep.Now)))).Attempt);
                lost++;
            }
            else sweep.Complete(u);
        }
        Assert.True(lost > 0);
        Assert.All(sweep.State.Analyses.Values, a => Assert.All(a.Attempts.Values, n => Assert.Equal(2, n)));
        Assert.Equal(expected, sweep.Results());
    }

    private static int CountUnits(Case c)
    {
        var sweep = c.Sweep();
        sweep.Run();
        return sweep.State.Analyses.Values.Sum(a => a.Completed.Count);
    }
}
