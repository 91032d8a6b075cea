using CoToSweep.Domain.Shapley;

namespace CoToSweep.Domain.Tests.Shapley;

public class ShapleyBalanceTests
{
    private static ShapleyEstimate Estimate(params double[] values) =>
        new("exact", values, values.Select(_ => 0.01).ToArray(), 16, 0, 1);

    [Fact]
    public void Sorts_groups_with_intervals_and_checks_efficiency()
    {
        var balance = ShapleyBalance.Of(["a", "b", "c", "d"], Estimate(0.1, 0.4, 0.2, 0.3), grandValue: 1.5, emptyValue: 0.5);
        Assert.Equal(["b", "d", "c", "a"], balance.Groups.Select(g => g.Group));
        Assert.Equal(0.4 - 0.0196, balance.Groups[0].Low, 12);
        Assert.Equal(0.4 + 0.0196, balance.Groups[0].High, 12);
        Assert.Equal(1.0, balance.SumOfValues, 12);
        Assert.Equal(1.0, balance.GrandMinusEmpty, 12);
        Assert.Equal(0, balance.EfficiencyGap, 12);
        Assert.Equal([0.4, 0.9, 1.0], balance.TopShares.Select(s => Math.Round(s.Share, 12)));
    }

    [Fact]
    public void Gini_is_zero_for_equal_values_and_grows_with_concentration()
    {
        Assert.Equal(0, ShapleyBalance.GiniOf([1, 1, 1, 1]), 12);
        Assert.Equal(0.75, ShapleyBalance.GiniOf([0, 0, 0, 1]), 12); // (n − 1)/n when one group holds everything
        Assert.Equal(0.25, ShapleyBalance.GiniOf([0.1, 0.4, 0.2, 0.3]), 12);
    }
}
