using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Tests.Sweeps.SweepFiles;

namespace CoToSweep.Domain.Tests.Search;

public class TrialPlannerTests
{
    private static IReadOnlyList<PlannedTrial> Plan(string search, string extra = "") => TrialPlanner.Plan(Spec(Command(search, extra)));

    private static string Show(PlannedTrial t, params string[] names) => string.Join(",", names.Select(n => t.Params[n].ToString()));

    [Fact]
    public void Grid_is_the_cartesian_product_in_key_order_last_key_fastest()
    {
        var trials = Plan("seeds: [0]\nspace:\n  b: [1, 2]\n  a: [x, y, z]\n  c: 5");
        Assert.Equal(["1,x,5", "1,y,5", "1,z,5", "2,x,5", "2,y,5", "2,z,5"], trials.Select(t => Show(t, "b", "a", "c")));
        Assert.Equal(Enumerable.Range(0, 6), trials.Select(t => t.Config));
        Assert.Equal(["t0000-s0", "t0001-s0", "t0002-s0", "t0003-s0", "t0004-s0", "t0005-s0"], trials.Select(t => t.Id));
    }

    [Fact]
    public void Grid_sampler_enumerates_the_product_directly()
    {
        var search = new SearchSpec("grid", 0, null, null, null,
            [new ListDimension("p", [ParamValue.Of(1L), ParamValue.Of(2L)]), new FixedDimension("q", ParamValue.Of("k")),
             new ListDimension("r", [ParamValue.Of(true), ParamValue.Of(false)])]);
        var configs = new GridSampler().Configurations(search).ToList();
        Assert.Equal(4, GridSampler.Size(search));
        Assert.Equal(["1,k,true", "1,k,false", "2,k,true", "2,k,false"], configs.Select(c => $"{c["p"]},{c["q"]},{c["r"]}"));
    }

    [Fact]
    public void Grid_refuses_a_distribution() =>
        Assert.Throws<InvalidOperationException>(() => new GridSampler().Configurations(
            new SearchSpec("grid", 0, null, null, null, [new UniformDimension("u", 0, 1)])).ToList());

    [Fact]
    public void Grid_size_saturates_instead_of_overflowing()
    {
        var ten = Enumerable.Range(0, 10).Select(i => ParamValue.Of((long)i)).ToList();
        var search = new SearchSpec("grid", 0, null, null, null, Enumerable.Range(0, 20).Select(d => (Dimension)new ListDimension($"p{d}", ten)).ToList());
        Assert.Equal(long.MaxValue, GridSampler.Size(search));
    }

    [Fact]
    public void Every_configuration_runs_once_per_seed_configuration_major()
    {
        var trials = Plan("seeds: [3, 7]\nspace:\n  a: [1, 2, 3]");
        Assert.Equal(["t0000-s3", "t0000-s7", "t0001-s3", "t0001-s7", "t0002-s3", "t0002-s7"], trials.Select(t => t.Id));
        Assert.Equal([3L, 7, 3, 7, 3, 7], trials.Select(t => t.Seed));
        Assert.Equal(["1", "1", "2", "2", "3", "3"], trials.Select(t => Show(t, "a")));
    }

    [Fact]
    public void Trial_ids_use_four_digits_then_grow()
    {
        Assert.Equal("t0007-s2", TrialRecord.MakeId(7, 2));
        Assert.Equal("t12345-s0", TrialRecord.MakeId(12345, 0));
        var trials = Plan("space:\n  a: [" + string.Join(", ", Enumerable.Range(0, 12)) + "]\nseeds: [0]");
        Assert.Equal("t0011-s0", trials[^1].Id);
    }

    [Theory]
    [InlineData(1, new[] { "t0000-s3" })]
    [InlineData(3, new[] { "t0000-s3", "t0000-s7", "t0001-s3" })]
    [InlineData(4, new[] { "t0000-s3", "t0000-s7", "t0001-s3", "t0001-s7" })]
    [InlineData(100, new[] { "t0000-s3", "t0000-s7", "t0001-s3", "t0001-s7", "t0002-s3", "t0002-s7" })]
    public void Max_trials_counts_trials_not_configurations(int maxTrials, string[] ids) =>
        Assert.Equal(ids, Plan($"max_trials: {maxTrials}\nseeds: [3, 7]\nspace:\n  a: [1, 2, 3]").Select(t => t.Id));

    [Fact]
    public void A_file_without_a_space_plans_one_trial() =>
        Assert.Equal(1, TrialPlanner.Plan(Spec("name: n\ntrial: { kind: noop }\nobjective: { metric: score, direction: maximize }\n")).Count);

    [Fact]
    public void Derived_seeds_are_pinned_so_a_change_of_generator_is_caught()
    {
        Assert.Equal(0xE220A8397B1DCDAFUL, new SplitMix64(0).NextULong());   // the published SplitMix64 sequence for seed 0
        Assert.Equal(GoldenSeed00, TrialPlanner.DerivedSeed(0, 0));
        Assert.Equal(GoldenSeed73, TrialPlanner.DerivedSeed(7, 3));
        var trials = Plan("space:\n  a: [1, 2]");
        Assert.Equal($"t0000-s{GoldenSeed00}", trials[0].Id);
        Assert.Equal(GoldenSeed00, trials[0].Seed);
    }

    private const long GoldenSeed00 = 2065550767;
    private const long GoldenSeed73 = 948937391;

    [Fact]
    public void Derived_seeds_are_stable_non_negative_and_differ_across_configurations()
    {
        var a = Plan("algorithm: random\nseed: 5\nmax_trials: 200\nspace:\n  x: { uniform: [0, 1] }");
        var b = Plan("algorithm: random\nseed: 5\nmax_trials: 200\nspace:\n  x: { uniform: [0, 1] }");
        Assert.Equal(a.Select(t => t.Seed), b.Select(t => t.Seed));
        Assert.Equal(200, a.Select(t => t.Seed).Distinct().Count());
        Assert.All(a, t => Assert.InRange(t.Seed, 0, int.MaxValue));
        Assert.All(a, t => Assert.Equal(TrialPlanner.DerivedSeed(5, t.Config), t.Seed));
        Assert.NotEqual(TrialPlanner.DerivedSeed(5, 0), TrialPlanner.DerivedSeed(6, 0));
    }

    [Fact]
    public void Dotted_space_names_override_the_trial_block_and_nested_mappings_flatten()
    {
        const string yaml = """
            name: over
            trial:
              kind: command
              command: [sh, -c, "exit 0"]
              opt: { lr: 0.1, wd: 0.01, sched: { kind: cosine, warmup: 10 } }
              layers: [q, v]
              depth: 4
            objective: { metric: score, direction: maximize }
            search:
              seeds: [0]
              space:
                opt.lr: [0.2, 0.3]
                opt.sched.kind: linear
                extra: [true]
            """;
        var spec = Spec(yaml);
        Assert.Equal(["opt.lr", "opt.wd", "opt.sched.kind", "opt.sched.warmup", "layers", "depth"], spec.Trial.Params.Keys);
        Assert.Equal(ParamValue.Of("q,v"), spec.Trial.Params["layers"]);
        var trials = TrialPlanner.Plan(spec);
        Assert.Equal(2, trials.Count);
        Assert.Equal([ParamValue.Of(0.2), ParamValue.Of(0.3)], trials.Select(t => t.Params["opt.lr"]));
        Assert.All(trials, t =>
        {
            Assert.Equal(ParamValue.Of(0.01), t.Params["opt.wd"]);
            Assert.Equal(ParamValue.Of("linear"), t.Params["opt.sched.kind"]);
            Assert.Equal(ParamValue.Of(10L), t.Params["opt.sched.warmup"]);
            Assert.Equal(ParamValue.Of(4L), t.Params["depth"]);
            Assert.Equal(ParamValue.Of(true), t.Params["extra"]);
        });
        Assert.Equal(ParamValue.Of(0.1), spec.Trial.Params["opt.lr"]);   // the spec itself is not changed
    }

    [Fact]
    public void Max_concurrent_is_read() =>
        Assert.Equal(3, Spec(Command("max_concurrent: 3\nspace:\n  a: [1]")).Search.MaxConcurrent);

    [Fact]
    public void Planned_parameters_survive_a_json_round_trip()
    {
        var trials = Plan("algorithm: random\nmax_trials: 20\nspace:\n  u: { uniform: [0, 1] }\n  n: { int: [1, 3] }\n  s: [a, b]\n  f: 2.0\n  b: true");
        var json = System.Text.Json.JsonSerializer.Serialize(trials);
        var back = System.Text.Json.JsonSerializer.Deserialize<List<PlannedTrial>>(json)!;
        Assert.Equal(trials.Count, back.Count);
        foreach (var (t, r) in trials.Zip(back))
        {
            Assert.Equal(t.Id, r.Id);
            Assert.Equal(t.Params.OrderBy(p => p.Key), r.Params.OrderBy(p => p.Key));
        }
    }
}
