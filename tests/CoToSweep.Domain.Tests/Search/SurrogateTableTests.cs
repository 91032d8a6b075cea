using CoToSweep.Domain.Search;
using CoToSweep.Domain.Search.Bench;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Tests.Search;

public class SurrogateTableTests
{
    [Fact]
    public void The_shipped_coto_table_records_every_configuration_of_the_bench_space_and_no_other()
    {
        var problem = SearchProblem.Coto;
        var table = problem.Recorded!;
        var space = SearchBench.Space(problem);
        var grid = Enumerable.Range(0, 40).Select(i => new GridSampler().Propose(space, i, SearchHistory.Empty)).ToList();
        Assert.Equal(40, grid.Select(table.KeyOf).Distinct().Count());
        Assert.Equal(grid.Select(table.KeyOf).Order(), table.Keys.Order());
        // The optimum is the best recorded final value, and a bench trial ends on it.
        Assert.Equal(problem.Optimum, grid.Min(problem.Final));
        var best = grid.MinBy(problem.Final)!;
        Assert.Equal(problem.Final(best), problem.Loss(best, SearchBench.MaxSteps, SearchBench.MaxSteps, new SplitMix64(0)));
    }

    [Fact]
    public void A_curve_is_read_between_evaluations_linearly_and_a_configuration_not_recorded_is_an_error()
    {
        var table = SurrogateTable.Parse("a,b,step,loss\n1,x,10,4\n1,x,20,2\n2,,10,1\n2,,20,0.5\n", "loss");
        var one = new Dictionary<string, ParamValue> { ["a"] = ParamValue.Of(1L), ["b"] = ParamValue.Of("x") };
        Assert.Equal((4.0, 4.0, 3.0, 2.0), (table.At(one, 0.1), table.At(one, 0.5), table.At(one, 0.75), table.Final(one)));
        Assert.Equal(0.5, table.Final(new Dictionary<string, ParamValue> { ["a"] = ParamValue.Of(2.0) }));   // 2.0 and 2: one number
        Assert.Throws<KeyNotFoundException>(() => table.Final(new Dictionary<string, ParamValue> { ["a"] = ParamValue.Of(3L) }));
    }
}
