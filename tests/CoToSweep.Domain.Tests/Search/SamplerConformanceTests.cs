using System.Text.Json;
using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Tests.Sweeps.SweepFiles;

namespace CoToSweep.Domain.Tests.Search;

/// <summary>Every sampler: reproducible under a seed, a pure function of its inputs, inside the space, honouring conditions.</summary>
public class SamplerConformanceTests
{
    public static TheoryData<string> Names() => new(Samplers.Names);

    /// <summary>A space the sampler takes (grid: lists and fixed values only), with a conditional parameter.</summary>
    private static SearchSpec Space(string sampler, long seed = 1)
    {
        var space = sampler == "grid"
            ? "  shape: [constant, linear, cosine]\n  ramp: { values: [0.25, 0.5], when: { shape: [linear, cosine] } }\n  lr: [0.1, 0.01]\n  depth: 4"
            : "  shape: [constant, linear, cosine]\n  ramp: { uniform: [0.25, 0.75], when: { shape: [linear, cosine] } }\n" +
              "  lr: { loguniform: [1.0e-4, 1.0e-1] }\n  width: { int: [2, 9] }\n  act: { choice: [relu, gelu] }\n  x: { uniform: [-1, 1] }\n  depth: 4";
        return Spec(Command($"algorithm: {sampler}\nseed: {seed}\nmax_trials: 40\nspace:\n{space}")).Search;
    }

    /// <summary>Finished trials scored by a fixed function, and two unfinished ones: what an adaptive sampler sees mid-sweep.</summary>
    private static SearchHistory History(SearchSpec search)
    {
        var random = new RandomSampler();
        var finished = Enumerable.Range(0, 14).Select(i => random.Propose(search with { Seed = 99 }, i, SearchHistory.Empty))
            .Select(c => new Observation(c, [c.TryGetValue("x", out var x) ? x.AsDouble() * x.AsDouble() : 0])).ToList();
        return new SearchHistory(finished, [random.Propose(search with { Seed = 98 }, 0, SearchHistory.Empty), finished[0].Params]);
    }

    private static string Json(object o) => JsonSerializer.Serialize(o);

    private static List<IReadOnlyDictionary<string, ParamValue>> Proposals(ISampler s, SearchSpec search, SearchHistory h, int n = 12) =>
        Enumerable.Range(0, (int)Math.Min(n, s.Size(search) ?? n)).Select(i => s.Propose(search, i, h)).ToList();

    [Theory]
    [MemberData(nameof(Names))]
    public void The_same_inputs_give_the_same_proposals_in_any_order(string name)
    {
        var sampler = Samplers.Get(name);
        var search = Space(name);
        var history = History(search);
        var forward = Proposals(sampler, search, history);
        var backward = Enumerable.Range(0, forward.Count).Reverse().Select(i => sampler.Propose(Space(name), i, History(Space(name)))).Reverse().ToList();
        Assert.Equal(Json(forward), Json(backward));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Proposals_lie_inside_the_space_and_honour_the_condition(string name)
    {
        var sampler = Samplers.Get(name);
        var search = Space(name);
        var shapes = new HashSet<string>();
        // Mid-sweep and from the start (an adaptive sampler may settle on one shape once it has results).
        foreach (var c in Proposals(sampler, search, History(search), 30).Concat(Proposals(sampler, search, SearchHistory.Empty, 30)))
        {
            shapes.Add(c["shape"].Text!);
            Assert.Contains(c["shape"].Text, new[] { "constant", "linear", "cosine" });
            Assert.Equal(c["shape"].Text != "constant", c.ContainsKey("ramp"));
            if (c.TryGetValue("ramp", out var ramp)) Assert.InRange(ramp.AsDouble(), 0.25, 0.75);
            Assert.Equal(ParamValue.Of(4L), c["depth"]);
            Assert.InRange(c["lr"].AsDouble(), 1e-4, 0.1);
            if (name == "grid") continue;
            Assert.Equal(ParamKind.Integer, c["width"].Kind);
            Assert.InRange(c["width"].Integer, 2, 9);
            Assert.Contains(c["act"].Text, new[] { "relu", "gelu" });
            Assert.InRange(c["x"].Number, -1, 1);
        }
        Assert.Equal(3, shapes.Count);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Another_seed_gives_other_proposals_except_on_a_grid(string name)
    {
        var sampler = Samplers.Get(name);
        var a = Json(Proposals(sampler, Space(name, 1), History(Space(name, 1))));
        var b = Json(Proposals(sampler, Space(name, 2), History(Space(name, 2))));
        if (name == "grid") Assert.Equal(a, b);
        else Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_conditional_grid_counts_each_configuration_once()
    {
        var search = Space("grid");
        // constant: 2 learning rates; linear and cosine: 2 ramps × 2 learning rates.
        Assert.Equal(10, GridSampler.Size(search));
        var configs = new GridSampler().Configurations(search).Select(Json).ToList();
        Assert.Equal(10, configs.Distinct().Count());
    }
}
