using CoToSweep.Domain.Shapley;

namespace CoToSweep.Domain.Tests.Shapley;

/// <summary>
/// Pairing a marginal at A with one at its complement in N∖i cancels linear and pairwise terms, and the
/// regression surrogate is linear + pairwise, so on such games the paired estimators are exact (zero error, zero
/// error bar) and regression leaves almost nothing after its (uncorrected) pilot.
/// </summary>
public class ExactOnPairwiseGamesTests
{
    [Theory]
    [InlineData("antithetic")]
    [InlineData("owen")]
    [InlineData("stratified")]
    public void Recovers_a_pairwise_game_exactly(string method)
    {
        var (game, phi) = KnownGames.Pairwise(9, 4);
        var estimate = ShapleyDriver.Run(ShapleyEstimators.Find(method)!, new ShapleyRequest(9, 64, 1), game);
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(phi[i], estimate.Values[i], 9);
            Assert.True(estimate.StdErrors[i] < 1e-9, $"{method}: se {estimate.StdErrors[i]}");
        }
    }

    [Fact]
    public void Regression_removes_most_of_the_variance_after_its_pilot()
    {
        var (game, phi) = KnownGames.Pairwise(9, 4);
        var request = new ShapleyRequest(9, 512, 1);
        var regression = ShapleyDriver.Run(new RegressionEstimator(), request, game);
        var permutation = ShapleyDriver.Run(new PermutationEstimator(), request, game);
        for (var i = 0; i < 9; i++)
        {
            // The pilot (a quarter of the draws) has no control variate yet, so it sets the floor of the error bar.
            Assert.True(regression.StdErrors[i] < permutation.StdErrors[i] / 2, $"player {i}: {regression.StdErrors[i]} vs {permutation.StdErrors[i]}");
            Assert.True(Math.Abs(regression.Values[i] - phi[i]) < 4 * regression.StdErrors[i]);
        }
    }

    [Fact]
    public void Permutation_sampling_is_not_exact_there() // the contrast that makes the test above meaningful
    {
        var (game, phi) = KnownGames.Pairwise(9, 4);
        var estimate = ShapleyDriver.Run(new PermutationEstimator(), new ShapleyRequest(9, 64, 1), game);
        Assert.True(estimate.StdErrors.Min() > 1e-3);
    }
}
