using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Shapley.Games;

namespace CoToSweep.Domain.Tests.Shapley;

/// <summary>The work-unit contract a coordinator relies on.</summary>
public class ShapleyRunTests
{
    [Fact]
    public void Welford_merge_equals_one_pass()
    {
        var xs = Enumerable.Range(0, 50).Select(i => Math.Sin(i) * 3 + i % 7).ToArray();
        var whole = xs.Aggregate(new Welford(), (w, x) => w.Add(x));
        var merged = xs.Take(17).Aggregate(new Welford(), (w, x) => w.Add(x)).Merge(xs.Skip(17).Aggregate(new Welford(), (w, x) => w.Add(x)));
        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Mean, merged.Mean, 12);
        Assert.Equal(whole.Variance, merged.Variance, 10);
        Assert.Equal(xs.Select(x => (x - xs.Average()) * (x - xs.Average())).Sum() / 49, whole.Variance, 10);
    }

    [Fact]
    public void Units_merge_only_in_order()
    {
        var game = new LayerGame(6, 1);
        var run = new PermutationEstimator().Start(new ShapleyRequest(6, 16, 1, DrawsPerUnit: 4));
        var second = run.Evaluate(run.TryPlan(1)!, game);
        Assert.Throws<InvalidOperationException>(() => run.Merge(second));
        run.Merge(run.Evaluate(run.TryPlan(0)!, game));
        run.Merge(second);
        Assert.Equal(2, run.MergedUnits);
    }

    [Fact]
    public void Units_are_planned_from_seed_and_index_alone()
    {
        var a = new AntitheticEstimator().Start(new ShapleyRequest(10, 64, 5));
        var b = new AntitheticEstimator().Start(new ShapleyRequest(10, 64, 5));
        Assert.Equal(a.TryPlan(3)!.Coalitions, b.TryPlan(3)!.Coalitions);
        Assert.NotEqual(a.TryPlan(2)!.Coalitions, a.TryPlan(3)!.Coalitions);
        Assert.Null(a.TryPlan(1000)); // past the end
    }

    [Theory]
    [InlineData("stratified")]
    [InlineData("regression")]
    public void Units_behind_a_pilot_wait_for_it(string method)
    {
        var game = new LayerGame(8, 1);
        var run = ShapleyEstimators.Find(method)!.Start(new ShapleyRequest(8, 256, 1, DrawsPerUnit: 4));
        var pilot = new List<WorkUnit>();
        for (var k = 0; run.TryPlan(k) is { } unit; k++) pilot.Add(unit);
        Assert.All(pilot, u => Assert.Equal(0, u.Phase));
        foreach (var unit in pilot) run.Merge(run.Evaluate(unit, game));
        var next = run.TryPlan(pilot.Count);
        Assert.NotNull(next);
        Assert.Equal(1, next.Phase);
    }

    [Fact]
    public void Evaluations_count_distinct_coalitions_of_merged_units()
    {
        var game = new LayerGame(5, 1);
        var estimate = ShapleyDriver.Run(new PermutationEstimator(), new ShapleyRequest(5, 500, 1), game);
        Assert.Equal(32, estimate.Evaluations); // 500 orders of 5 players visit every coalition, each counted once
    }
}
