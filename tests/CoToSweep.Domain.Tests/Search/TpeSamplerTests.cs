using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Tests.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;
using static CoToSweep.Domain.Tests.Sweeps.SweepFiles;

namespace CoToSweep.Domain.Tests.Search;

public class TpeSamplerTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static SearchSpec Space(string algorithm, long seed, string space, string tpe = "") =>
        Spec(Command($"algorithm: {algorithm}\nseed: {seed}\nmax_trials: 100\n{tpe}space:\n{space}")).Search;

    private const string BraninSpace = "  x1: { uniform: [-5, 10] }\n  x2: { uniform: [0, 15] }";

    private static double Branin(IReadOnlyDictionary<string, ParamValue> c)
    {
        var (x1, x2) = (c["x1"].Number, c["x2"].Number);
        const double b = 5.1 / (4 * Math.PI * Math.PI), cc = 5 / Math.PI, t = 1 / (8 * Math.PI);
        return Math.Pow(x2 - b * x1 * x1 + cc * x1 - 6, 2) + 10 * (1 - t) * Math.Cos(x1) + 10;
    }

    private const string QuadraticSpace = "  a: { uniform: [-2, 2] }\n  b: { uniform: [-2, 2] }\n  c: { loguniform: [0.01, 10] }\n  k: [p, q, r, s]";

    /// <summary>A shifted quadratic with a log-scale and a categorical parameter; minimum 0 at a=0.7, b=-1.1, c=0.3, k=r.</summary>
    private static double Quadratic(IReadOnlyDictionary<string, ParamValue> c) =>
        Math.Pow(c["a"].Number - 0.7, 2) + Math.Pow(c["b"].Number + 1.1, 2) + Math.Pow(Math.Log10(c["c"].Number / 0.3), 2) + (c["k"].Text == "r" ? 0 : 0.5);

    /// <summary>The best value after <paramref name="budget"/> sequential proposals.</summary>
    private static double BestAfter(ISampler sampler, SearchSpec search, Func<IReadOnlyDictionary<string, ParamValue>, double> f, int budget)
    {
        var finished = new List<Observation>();
        for (var i = 0; i < budget; i++)
        {
            var config = sampler.Propose(search, i, new SearchHistory(finished, []));
            finished.Add(new Observation(config, [f(config)]));
        }
        return finished.Min(o => o.Losses[0]);
    }

    [Theory]
    [InlineData("branin", 0.397887)]
    [InlineData("quadratic", 0.0)]
    public void Tpe_beats_random_on_average_over_seeds_at_an_equal_budget(string problem, double optimum)
    {
        var (space, f) = problem == "branin" ? (BraninSpace, (Func<IReadOnlyDictionary<string, ParamValue>, double>)Branin) : (QuadraticSpace, Quadratic);
        const int budget = 60, seeds = 10;
        double Regret(string algorithm) => Enumerable.Range(0, seeds)
            .Average(seed => BestAfter(Samplers.Get(algorithm), Space(algorithm, seed, space), f, budget) - optimum);
        var (tpe, random) = (Regret("tpe"), Regret("random"));
        output.WriteLine($"{problem}: mean regret after {budget} trials over {seeds} seeds: tpe {tpe:G4}, random {random:G4}");
        Assert.True(tpe < random * 0.7, $"tpe {tpe} vs random {random}");
    }

    [Fact]
    public void The_constant_liar_keeps_slots_asking_at_once_from_getting_near_copies()
    {
        double Spread(bool liar)
        {
            var search = Space("tpe", 3, BraninSpace, liar ? "" : "tpe: { constant_liar: false }\n");
            var random = new RandomSampler();
            var finished = Enumerable.Range(0, 20).Select(i => random.Propose(search, i, SearchHistory.Empty))
                .Select(c => new Observation(c, [Branin(c)])).ToList();
            var asked = new List<IReadOnlyDictionary<string, ParamValue>>();
            for (var slot = 0; slot < 8; slot++) asked.Add(new TpeSampler().Propose(search, 20 + slot, new SearchHistory(finished, asked.ToList())));
            return asked.SelectMany((a, i) => asked.Skip(i + 1).Select(b => Math.Sqrt(Math.Pow(a["x1"].Number - b["x1"].Number, 2) + Math.Pow(a["x2"].Number - b["x2"].Number, 2))))
                .Average();
        }
        var (on, off) = (Spread(true), Spread(false));
        output.WriteLine($"mean distance between 8 simultaneous proposals: liar {on:F2}, no liar {off:F2}");
        Assert.True(on > 1.5 * off, $"liar {on} vs none {off}");
    }

    [Fact]
    public void The_first_n_startup_trials_are_random_draws()
    {
        var search = Space("tpe", 4, BraninSpace, "tpe: { n_startup_trials: 5 }\n");
        var seen = new List<Observation>();
        for (var i = 0; i < 5; i++)
        {
            var p = new TpeSampler().Propose(search, i, new SearchHistory(seen, []));
            Assert.Equal(p, new TpeSampler().Propose(search, i, SearchHistory.Empty));
            seen.Add(new Observation(p, [Branin(p)]));
        }
        Assert.NotEqual(new TpeSampler().Propose(search, 5, new SearchHistory(seen, [])), new TpeSampler().Propose(search, 5, SearchHistory.Empty));
    }

    [Fact]
    public void Multivariate_tpe_also_beats_random_on_branin()
    {
        double Regret(string algorithm, string tpe = "") => Enumerable.Range(0, 10)
            .Average(seed => BestAfter(Samplers.Get(algorithm), Space(algorithm, seed, BraninSpace, tpe), Branin, 60) - 0.397887);
        var (multi, random) = (Regret("tpe", "tpe: { multivariate: true }\n"), Regret("random"));
        output.WriteLine($"branin: multivariate tpe {multi:G4}, random {random:G4}");
        Assert.True(multi < random, $"multivariate {multi} vs random {random}");
    }

    /// <summary>Two slots; each step the slots are kept busy and the earliest running trial completes.</summary>
    private sealed class TwoSlots(SweepDefinition d) : SweepDriver(d, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
        public void Step()
        {
            while (State.Count(TrialStatus.Running) < 2 && Do(new LeaseTrial("w", "/a", Now)).OfType<TrialStarted>().Any()) { }
            var t = State.TrialsInOrder.First(t => t.Status == TrialStatus.Running);
            var score = -Branin(t.Params);
            Do(new CompleteTrial(t.Id, t.Attempt, new Dictionary<string, double> { ["score"] = score }, score, Now));
        }

        /// <summary>A crash: the state is what the journal replays to, and the coordinator resumes (running trials re-queued).</summary>
        public void CrashAndResume()
        {
            State = SweepState.Replay(State.Id, Journal);
            Do(new ResumeSweep(Now));
        }
    }

    [Fact]
    public void A_sweep_interrupted_and_resumed_makes_the_proposals_an_uninterrupted_one_makes()
    {
        var d = Valid(Command($"algorithm: tpe\nseed: 5\nmax_trials: 30\nspace:\n{BraninSpace}"));
        List<PlannedTrial> Proposals(int? crashAt)
        {
            var sweep = new TwoSlots(d);
            for (var step = 0; step < 30; step++)
            {
                sweep.Step();
                if (step == crashAt) sweep.CrashAndResume();
            }
            Assert.Equal(SweepPhase.Completed, sweep.State.Phase);
            return sweep.Journal.OfType<TrialsPlanned>().SelectMany(p => p.Trials).ToList();
        }
        var straight = Proposals(null);
        Assert.Equal(30, straight.Count);
        Assert.All(straight.GroupBy(t => t.Config), g => Assert.Single(g));
        foreach (var crash in new[] { 3, 12, 20 })
        {
            var resumed = Proposals(crash);
            Assert.Equal(straight.Select(t => (t.Id, t.Params["x1"], t.Params["x2"])), resumed.Select(t => (t.Id, t.Params["x1"], t.Params["x2"])));
        }
        // And proposals after the start-up trials use the results: they differ from a start-up (random) draw.
        Assert.NotEqual(RandomSampler.Draw(d.Spec!.Search, SplitMix64.Mix(5, 0x7BE), 20)["x1"], straight[20].Params["x1"]);
    }
}
