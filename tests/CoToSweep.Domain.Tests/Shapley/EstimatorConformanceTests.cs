using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Shapley.Games;

namespace CoToSweep.Domain.Tests.Shapley;

/// <summary>What every estimator promises (one suite, run against each; exact is included where it applies).</summary>
public class EstimatorConformanceTests
{
    private static readonly LayerGame Layer8 = new(8, 11);
    private static readonly double[] Layer8Phi = ExactShapley.Enumerate(Layer8);

    public static TheoryData<string> Sampling => new() { "permutation", "antithetic", "owen", "stratified", "regression" };

    public static TheoryData<string> All => new() { "exact", "permutation", "antithetic", "owen", "stratified", "regression" };

    private static IShapleyEstimator Estimator(string method) => ShapleyEstimators.Find(method)!;

    private static ShapleyEstimate Run(string method, ICoalitionGame game, int samples, ulong seed, StoppingRule? stop = null) =>
        ShapleyDriver.Run(Estimator(method), new ShapleyRequest(game.Players, samples, seed), game, stop);

    private static double RmsError(string method, int samples, int seeds) =>
        Math.Sqrt(Enumerable.Range(0, seeds).Average(seed =>
        {
            var estimate = Run(method, Layer8, samples, (ulong)seed);
            return estimate.Values.Select((v, i) => (v - Layer8Phi[i]) * (v - Layer8Phi[i])).Sum();
        }));

    [Theory]
    [MemberData(nameof(Sampling))]
    public void Error_shrinks_with_samples(string method)
    {
        var coarse = RmsError(method, 32, 12);
        var fine = RmsError(method, 512, 12);
        // 16× the samples: the error should fall about 4×; allow noise in the 12-seed estimates.
        Assert.True(fine < coarse / 2.5, $"{method}: rms error {coarse:g3} at 32 samples, {fine:g3} at 512");
    }

    [Theory]
    [MemberData(nameof(Sampling))]
    public void Ninety_five_percent_intervals_cover_the_truth_90_to_99_percent_of_the_time(string method)
    {
        int covered = 0, total = 0;
        for (var seed = 0UL; seed < 200; seed++)
        {
            var estimate = Run(method, Layer8, 128, 1000 + seed);
            for (var i = 0; i < Layer8Phi.Length; i++, total++)
                if (Math.Abs(estimate.Values[i] - Layer8Phi[i]) <= 1.96 * estimate.StdErrors[i]) covered++;
        }
        var rate = (double)covered / total;
        Assert.InRange(rate, 0.90, 0.99);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Split_over_workers_and_merged_in_order_equals_one_run(string method)
    {
        var game = new LayerGame(7, 5);
        var request = new ShapleyRequest(7, 64, 42, DrawsPerUnit: 3);
        var single = ShapleyDriver.Run(Estimator(method), request, game);
        var split = Distributed(Estimator(method), request, game, stop: null);
        Assert.Equal(single.Values, split.Values);
        Assert.Equal(single.StdErrors, split.StdErrors);
        Assert.Equal(single.Evaluations, split.Evaluations);
        Assert.Equal(single.SamplesPerPlayer, split.SamplesPerPlayer);
    }

    [Theory]
    [MemberData(nameof(Sampling))]
    public void Stopping_rule_is_checked_at_unit_boundaries_and_split_invariant(string method)
    {
        var game = new LayerGame(7, 5);
        var request = new ShapleyRequest(7, 4096, 7, DrawsPerUnit: 4);
        var stop = new StoppingRule(TargetHalfWidth: 0.004, MaxEvaluations: 100_000);
        var single = ShapleyDriver.Run(Estimator(method), request, game, stop);
        var split = Distributed(Estimator(method), request, game, stop);
        Assert.Equal(single.Values, split.Values);
        Assert.Equal(single.Units, split.Units);
        Assert.True(single.StdErrors.Max() * 1.96 <= 0.004, $"{method} stopped with half-width {single.StdErrors.Max() * 1.96}");
        var full = ShapleyDriver.Run(Estimator(method), request, game);
        Assert.True(single.Units < full.Units, $"{method} did not stop early");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Evaluation_budget_stops_the_run(string method)
    {
        var game = new LayerGame(9, 2);
        var estimate = Run(method, game, 4096, 1, new StoppingRule(MaxEvaluations: 120));
        Assert.InRange(estimate.Evaluations, 120, 120 + 4096);
        Assert.True(estimate.Evaluations < 1 << 9 || method == "exact");
    }

    [Theory]
    [MemberData(nameof(Sampling))]
    public void Samples_means_marginal_contributions_per_player(string method)
    {
        var estimate = Run(method, Layer8, 100, 3);
        Assert.InRange(estimate.SamplesPerPlayer, 100, method is "stratified" or "regression" ? 101 : 100);
    }

    [Theory]
    [MemberData(nameof(Sampling))]
    public void Same_seed_same_answer_other_seed_other_answer(string method)
    {
        Assert.Equal(Run(method, Layer8, 64, 9).Values, Run(method, Layer8, 64, 9).Values);
        Assert.NotEqual(Run(method, Layer8, 64, 9).Values, Run(method, Layer8, 64, 10).Values);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Handles_one_and_two_players(string method)
    {
        var one = Run(method, new DelegateGame(1, s => s == 0 ? 0.25 : 1.0), 16, 1);
        Assert.Equal(0.75, one.Values[0], 12);
        // With two players, pairing sees both orders (and exact sees all): exact on any game; plain sampling on additive ones.
        var (game, phi) = method is "permutation" or "owen"
            ? KnownGames.Dividends(2, 0.1, ([0], 0.3), ([1], 0.5))
            : KnownGames.Unanimity(2, 0, 1);
        var two = Run(method, game, 16, 1);
        Assert.Equal(phi[0], two.Values[0], 12);
        Assert.Equal(phi[1], two.Values[1], 12);
    }

    /// <summary>
    /// A coordinator in miniature: plan every unit that can be planned, evaluate them on parallel "workers" (each
    /// with its own cache, in shuffled order), then merge in unit order, checking the stopping rule after each.
    /// </summary>
    internal static ShapleyEstimate Distributed(IShapleyEstimator estimator, ShapleyRequest request, ICoalitionGame game, StoppingRule? stop)
    {
        var run = estimator.Start(request);
        var shuffle = new Random(123);
        while (!run.IsComplete)
        {
            var units = new List<WorkUnit>();
            for (var k = run.MergedUnits; k < run.PlannableUnits; k++) units.Add(run.TryPlan(k)!);
            var results = new UnitStatistics[units.Count];
            var order = Enumerable.Range(0, units.Count).OrderBy(_ => shuffle.Next()).ToArray();
            Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = 2 },
                j => results[j] = run.Evaluate(units[j], new CoalitionCache(game)));
            foreach (var result in results)
            {
                run.Merge(result);
                if (stop?.ShouldStop(run.Estimate()) == true) return run.Estimate();
            }
        }
        return run.Estimate();
    }
}
