using CoToSweep.Domain.Shapley;

namespace CoToSweep.Domain.Tests.Shapley;

public class ExactEstimatorTests
{
    private static ShapleyEstimate Exact(ICoalitionGame game) =>
        ShapleyDriver.Run(new ExactEstimator(), new ShapleyRequest(game.Players, 1, 0), game);

    public static TheoryData<string> Games => new() { "unanimity", "airport", "majority-3211", "majority-7", "dividends" };

    [Theory]
    [MemberData(nameof(Games))]
    public void Matches_closed_forms(string name)
    {
        var (game, phi) = name switch
        {
            "unanimity" => KnownGames.Unanimity(7, 1, 3, 4),
            "airport" => KnownGames.Airport(1, 2, 2, 5, 8, 13),
            "majority-3211" => KnownGames.WeightedMajority(3, 2, 1, 1),
            "majority-7" => KnownGames.WeightedMajority(10, 5, 4, 3, 2, 2, 1, 1),
            _ => KnownGames.Dividends(6, 0.5, ([0], 0.4), ([1, 2], -0.3), ([2, 3, 4], 0.6), ([0, 1, 4, 5], 0.2)),
        };
        var estimate = Exact(game);
        for (var i = 0; i < phi.Length; i++) Assert.Equal(phi[i], estimate.Values[i], 12);
        Assert.All(estimate.StdErrors, se => Assert.Equal(0, se));
        Assert.Equal(1L << game.Players, estimate.Evaluations);
    }

    [Fact]
    public void Hand_computed_majority_values() // [3; 2, 1, 1]: the big player is pivotal in 4 of 6 orders
    {
        var estimate = Exact(KnownGames.WeightedMajority(3, 2, 1, 1).Game);
        Assert.Equal([2.0 / 3, 1.0 / 6, 1.0 / 6], estimate.Values.Select(v => Math.Round(v, 12)).ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Is_efficient_on_a_saturating_game()
    {
        var game = new Domain.Shapley.Games.LayerGame(10, 3);
        var estimate = Exact(game);
        Assert.Equal(game.Value(Coalitions.Grand(10)) - game.Value(0), estimate.Values.Sum(), 12);
    }

    [Fact]
    public void Refuses_too_many_players() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExactEstimator().Start(new ShapleyRequest(40, 1, 0)));
}
