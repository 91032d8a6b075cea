using System.Text.Json;
using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Tests.Sweeps.SweepFiles;

namespace CoToSweep.Domain.Tests.Search;

public class RandomSamplerTests
{
    private static string Sweep(long seed, int maxTrials = 12, string seeds = "") => $$"""
        name: rnd
        trial:
          kind: command
          command: [sh, -c, "exit 0"]
        objective: { metric: score, direction: maximize }
        search:
          algorithm: random
          seed: {{seed}}
          max_trials: {{maxTrials}}
          {{seeds}}
          space:
            u: { uniform: [0.5, 1.5] }
            lr: { loguniform: [1.0e-4, 1.0e-2] }
            n: { int: [2, 5] }
            c: { choice: [a, b, c] }
            l: [x, y]
            f: 7
        """;

    private static string Json(IEnumerable<PlannedTrial> trials) => JsonSerializer.Serialize(trials);

    [Fact]
    public void The_same_file_gives_the_same_trials_and_ids()
    {
        var a = TrialPlanner.Plan(Spec(Sweep(42, seeds: "seeds: [0, 1]")));
        var b = TrialPlanner.Plan(Spec(Sweep(42, seeds: "seeds: [0, 1]")));
        Assert.Equal(12, a.Count);
        Assert.Equal(Json(a), Json(b));
        Assert.Equal(["t0000-s0", "t0000-s1", "t0001-s0", "t0001-s1"], a.Take(4).Select(t => t.Id));
        Assert.Equal(a[0].Params, a[1].Params);   // one configuration under both seeds
        Assert.NotEqual(Json([a[0]]).Replace("t0000-s0", ""), Json([a[2]]).Replace("t0001-s0", ""));
    }

    [Fact]
    public void A_different_sampler_seed_gives_different_trials()
    {
        var a = TrialPlanner.Plan(Spec(Sweep(1)));
        var b = TrialPlanner.Plan(Spec(Sweep(2)));
        Assert.NotEqual(a.Select(t => t.Params["u"]), b.Select(t => t.Params["u"]));
        Assert.NotEqual(a.Select(t => t.Params["lr"]), b.Select(t => t.Params["lr"]));
        Assert.NotEqual(a.Select(t => t.Id), b.Select(t => t.Id));   // derived seeds differ too
    }

    [Fact]
    public void A_longer_budget_extends_the_same_draws()
    {
        var few = TrialPlanner.Plan(Spec(Sweep(3, 5)));
        var many = TrialPlanner.Plan(Spec(Sweep(3, 50)));
        Assert.Equal(Json(few), Json(many.Take(5)));
    }

    [Fact]
    public void Draws_stay_within_their_bounds_and_reach_both_ends_of_an_int_range()
    {
        var trials = TrialPlanner.Plan(Spec(Sweep(9, 2000)));
        Assert.Equal(2000, trials.Count);
        foreach (var t in trials)
        {
            var u = t.Params["u"];
            Assert.Equal(ParamKind.Number, u.Kind);
            Assert.True(u.Number >= 0.5 && u.Number < 1.5, $"uniform {u.Number}");
            var lr = t.Params["lr"];
            Assert.Equal(ParamKind.Number, lr.Kind);
            Assert.True(lr.Number > 0 && lr.Number >= 1e-4 * (1 - 1e-12) && lr.Number < 1e-2, $"loguniform {lr.Number}");
            Assert.Equal(ParamKind.Integer, t.Params["n"].Kind);
            Assert.InRange(t.Params["n"].Integer, 2, 5);
            Assert.Equal(ParamValue.Of(7L), t.Params["f"]);
        }
        Assert.Equal([2L, 3, 4, 5], trials.Select(t => t.Params["n"].Integer).Distinct().Order());
        Assert.Equal(["a", "b", "c"], trials.Select(t => t.Params["c"].Text!).Distinct().Order());
        Assert.Equal(["x", "y"], trials.Select(t => t.Params["l"].Text!).Distinct().Order());
        // log-uniform: about half the draws fall below the geometric mean of the bounds (1e-3)
        Assert.InRange(trials.Count(t => t.Params["lr"].Number < 1e-3), 900, 1100);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.9999999999999999)]
    public void Dimensions_map_the_unit_interval_into_their_bounds(double u)
    {
        Assert.InRange(new UniformDimension("u", -1, 1).Sample(u).Number, -1, 1);
        Assert.InRange(new LogUniformDimension("l", 1e-6, 1).Sample(u).Number, 1e-6 * (1 - 1e-12), 1);
        Assert.InRange(new IntDimension("i", -3, 3).Sample(u).Integer, -3, 3);
        Assert.InRange(new IntDimension("w", 0, long.MaxValue).Sample(u).Integer, 0, long.MaxValue);
        Assert.InRange(new IntDimension("x", long.MinValue, long.MaxValue).Sample(u).Integer, long.MinValue, long.MaxValue);
        Assert.InRange(new IntDimension("v", -5, long.MaxValue).Sample(u).Integer, -5, long.MaxValue);
    }

    [Fact]
    public void Int_ends_map_to_the_ends()
    {
        Assert.Equal(2, new IntDimension("i", 2, 5).Sample(0).Integer);
        Assert.Equal(5, new IntDimension("i", 2, 5).Sample(0.9999999999999999).Integer);
        Assert.Equal(7, new IntDimension("i", 7, 7).Sample(0.5).Integer);
        Assert.True(new IntDimension("w", 0, long.MaxValue).Sample(0.5).Integer > 0);
        Assert.True(new IntDimension("x", long.MinValue, long.MaxValue).Sample(0.75).Integer > 0);
    }

    [Fact]
    public void The_generator_gives_doubles_in_the_unit_interval()
    {
        var rng = new SplitMix64(123);
        for (var i = 0; i < 10_000; i++) Assert.InRange(rng.NextDouble(), 0.0, 0.9999999999999999);
    }
}
