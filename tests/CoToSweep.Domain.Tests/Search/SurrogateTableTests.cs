using CoToSweep.Domain.Search;
using CoToSweep.Domain.Search.Bench;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Tests.Search;

public class SurrogateTableTests
{
    private static readonly Dictionary<string, ParamValue> One = new() { ["a"] = ParamValue.Of(1L), ["b"] = ParamValue.Of("x") };

    [Fact]
    public void The_shipped_coto_table_records_three_seeds_of_every_configuration_of_the_bench_space_and_no_other()
    {
        var problem = SearchProblem.Coto;
        var table = problem.Recorded!;
        var space = SearchBench.Space(problem);
        var grid = Enumerable.Range(0, 40).Select(i => new GridSampler().Propose(space, i, SearchHistory.Empty)).ToList();
        Assert.Equal(40, grid.Select(table.KeyOf).Distinct().Count());
        Assert.Equal(grid.Select(table.KeyOf).Order(), table.Keys.Order());
        Assert.All(grid, c => Assert.Equal([0L, 1L, 2L], table.SeedsOf(c)));
        // The optimum is the best mean over seeds, and a bench trial ends on its own replicate's final value.
        Assert.Equal(problem.Optimum, grid.Min(problem.Final));
        var best = grid.MinBy(problem.Final)!;
        Assert.Equal(table.Final(best, 4), problem.Loss(best, 4, SearchBench.MaxSteps, SearchBench.MaxSteps, new SplitMix64(0)));
    }

    [Fact]
    public void A_curve_is_read_between_evaluations_linearly_and_a_configuration_not_recorded_is_an_error()
    {
        var table = SurrogateTable.Parse("a,b,step,loss\n1,x,10,4\n1,x,20,2\n2,,10,1\n2,,20,0.5\n", "loss");
        Assert.Equal((4.0, 4.0, 3.0, 2.0), (table.At(One, 0, 0.1), table.At(One, 0, 0.5), table.At(One, 0, 0.75), table.Final(One, 0)));
        Assert.Equal(0.5, table.Final(new Dictionary<string, ParamValue> { ["a"] = ParamValue.Of(2.0) }, 0));   // 2.0 and 2: one number
        Assert.Throws<KeyNotFoundException>(() => table.Final(new Dictionary<string, ParamValue> { ["a"] = ParamValue.Of(3L) }, 0));
    }

    [Fact]
    public void A_table_without_a_seed_column_is_one_replicate_of_seed_0_that_every_trial_replays()
    {
        var table = SurrogateTable.Parse("a,b,step,loss\n1,x,10,4\n1,x,20,2\n", "loss");
        Assert.Equal([0L], table.SeedsOf(One));
        Assert.All(new long[] { 0, 1, 2, 17 }, s => Assert.Equal(2.0, table.Final(One, s)));
        Assert.Equal(2.0, table.MeanFinal(One));
    }

    [Fact]
    public void The_seed_column_keeps_one_curve_per_seed_and_the_mean_final_is_taken_over_them()
    {
        var table = SurrogateTable.Parse("a,b,seed,step,loss\n1,x,0,10,4\n1,x,0,20,2\n1,x,1,10,6\n1,x,1,20,3\n1,x,2,20,1\n1,x,2,10,5\n", "loss");
        Assert.Equal([0L, 1L, 2L], table.SeedsOf(One));
        Assert.Equal((2.0, 3.0, 1.0), (table.Final(One, 0), table.Final(One, 1), table.Final(One, 2)));
        Assert.Equal((4.0, 6.0, 5.0), (table.At(One, 0, 0.5), table.At(One, 1, 0.5), table.At(One, 2, 0.5)));   // rows in any order
        Assert.Equal(2.0, table.MeanFinal(One));
    }

    [Fact]
    public void A_trial_seed_picks_a_recorded_seed_by_its_remainder_so_repeats_of_a_configuration_replay_different_replicates()
    {
        var table = SurrogateTable.Parse("a,b,seed,step,loss\n1,x,3,10,4\n1,x,7,10,6\n1,x,11,10,5\n", "loss");
        Assert.Equal([3L, 7L, 11L, 3L, 7L], new long[] { 0, 1, 2, 3, 4 }.Select(s => table.RecordedSeed(One, s)));
        // The seeds a bench sweep gives its proposals: a configuration proposed again most likely replays another replicate.
        var coto = SearchProblem.Coto;
        var config = Enumerable.Range(0, 40).Select(i => new GridSampler().Propose(SearchBench.Space(coto), i, SearchHistory.Empty)).First();
        var curves = Enumerable.Range(0, 6).Select(k => SearchBench.Curve(coto, config, TrialPlanner.DerivedSeed(0, k), new SplitMix64(0))).ToList();
        Assert.True(curves.Select(c => c[^1]).Distinct().Count() >= 2);
        Assert.Equal(curves[0], SearchBench.Curve(coto, config, TrialPlanner.DerivedSeed(0, 0), new SplitMix64(1)));   // the same trial, the same curve
    }
}
