using CoToSweep.Domain.Shapley;

namespace CoToSweep.Domain.Tests.Shapley;

public class PairwiseSurrogateTests
{
    private static readonly SizeStrata Unpaired = new(7, Paired: false);

    /// <summary>Marginals of a linear + pairwise game at random coalitions, as an earlier phase would record them.</summary>
    private static (PairwiseSurrogate Fit, ICoalitionGame Game, double[] Phi) FitPairwiseGame()
    {
        var (game, phi) = KnownGames.Pairwise(7, 8);
        var rng = new Domain.Search.SplitMix64(3);
        var observations = new List<Observation>();
        for (var k = 0; k < 600; k++)
        {
            var i = (int)(rng.NextDouble() * 7);
            var a = (ulong)(rng.NextDouble() * 128) & ~(1UL << i);
            observations.Add(new Observation(i, a, game.Value(a | 1UL << i) - game.Value(a)));
        }
        return (PairwiseSurrogate.Fit(7, observations), game, phi);
    }

    [Fact]
    public void Recovers_a_pairwise_game_and_its_closed_form_shapley_values()
    {
        var (fit, game, phi) = FitPairwiseGame();
        // The ridge shrinks pair terms a little (toward plain stratified sampling), so close rather than exact.
        for (var i = 0; i < 7; i++) Assert.InRange(Math.Abs(phi[i] - fit.Shapley(i)), 0, 0.02);
        var marginals = (from i in Enumerable.Range(0, 7)
            from m in Enumerable.Range(0, 128)
            let a = (ulong)m
            where !Coalitions.Contains(a, i)
            select (Truth: game.Value(a | 1UL << i) - game.Value(a), Fit: fit.Marginal(i, a))).ToArray();
        var mean = marginals.Average(x => x.Truth);
        var residual = marginals.Sum(x => (x.Truth - x.Fit) * (x.Truth - x.Fit));
        var spread = marginals.Sum(x => (x.Truth - mean) * (x.Truth - mean));
        Assert.True(residual < 0.02 * spread, $"the fit leaves {residual / spread:P1} of the marginals' variance");
    }

    [Fact]
    public void Mean_of_the_stratum_means_is_the_closed_form_shapley_value()
    {
        var (fit, _, _) = FitPairwiseGame();
        for (var i = 0; i < 7; i++)
            Assert.Equal(fit.Shapley(i), Enumerable.Range(0, 7).Average(t => fit.StratumMean(i, t, Unpaired)), 12);
    }

    [Fact]
    public void Stratum_mean_is_the_average_marginal_over_that_size()
    {
        var (fit, _, _) = FitPairwiseGame();
        const int player = 2, size = 3;
        var marginals = Enumerable.Range(0, 128).Select(m => (ulong)m)
            .Where(a => !Coalitions.Contains(a, player) && Coalitions.Size(a) == size)
            .Select(a => fit.Marginal(player, a)).ToArray();
        Assert.Equal(20, marginals.Length); // C(6, 3)
        Assert.Equal(marginals.Average(), fit.StratumMean(player, size, Unpaired), 12);
    }
}
