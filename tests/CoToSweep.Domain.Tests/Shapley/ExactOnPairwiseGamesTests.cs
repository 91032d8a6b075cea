using CoToSweep.Domain.Shapley;

namespace CoToSweep.Domain.Tests.Shapley;

/// <summary>
/// Pairing a marginal at A with one at its complement in N∖i cancels linear and pairwise terms, and the
/// regression surrogate is linear + pairwise, so these estimators are exact (zero error, zero error bar) on such games.
/// </summary>
public class ExactOnPairwiseGamesTests
{
    [Theory]
    [InlineData("antithetic")]
    [InlineData("owen")]
    [InlineData("stratified")]
    [InlineData("regression")]
    public void Recovers_a_pairwise_game_exactly(string method)
    {
        var (game, phi) = KnownGames.Pairwise(9, 4);
        var estimate = ShapleyDriver.Run(ShapleyEstimators.Find(method)!, new ShapleyRequest(9, 64, 1), game);
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(phi[i], estimate.Values[i], 6); // the regression fit carries a tiny ridge
            Assert.True(estimate.StdErrors[i] < 1e-6, $"{method}: se {estimate.StdErrors[i]}");
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
