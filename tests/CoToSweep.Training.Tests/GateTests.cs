using CoToSweep.Training.Coto;

namespace CoToSweep.Training.Tests;

public class GateTests
{
    [Theory]
    [InlineData(6, 0.0)]
    [InlineData(6, 0.1)]
    [InlineData(6, 0.5)]
    [InlineData(4, 0.9)]
    [InlineData(6, 1.0)]
    public void Activation_rate_is_p_over_one_minus_none_active(int groups, double p)
    {
        var rng = new Random(3);
        const int draws = 40_000;
        var counts = new int[groups];
        for (var i = 0; i < draws; i++)
        {
            var mask = CotoGate.Draw(groups, p, rng);
            Assert.Contains(true, mask);
            for (var g = 0; g < groups; g++) if (mask[g]) counts[g]++;
        }
        var expected = CotoGate.ActivationRate(groups, p);
        var tolerance = 4 * Math.Sqrt(expected * (1 - expected) / draws) + 1e-9;
        foreach (var c in counts) Assert.InRange(c / (double)draws, expected - tolerance, expected + tolerance);
        if (p > 0) Assert.Equal(p / (1 - Math.Pow(1 - p, groups)), expected, 12);
    }

    [Fact]
    public void At_p_zero_exactly_one_group_is_active()
    {
        var rng = new Random(1);
        for (var i = 0; i < 1000; i++) Assert.Equal(1, CotoGate.Draw(5, 0.0, rng).Count(m => m));
    }

    [Fact]
    public void Unequal_probabilities_follow_the_conditional_law()
    {
        double[] p = [0.05, 0.2, 0.6];
        var none = p.Aggregate(1.0, (a, x) => a * (1 - x));
        var rng = new Random(5);
        const int draws = 60_000;
        var counts = new int[p.Length];
        for (var i = 0; i < draws; i++)
        {
            var mask = CotoGate.Draw(p, rng);
            Assert.Contains(true, mask);
            for (var g = 0; g < p.Length; g++) if (mask[g]) counts[g]++;
        }
        for (var g = 0; g < p.Length; g++)
        {
            var expected = p[g] / (1 - none);
            Assert.InRange(counts[g] / (double)draws, expected - 0.01, expected + 0.01);
        }
    }

    [Fact]
    public void Truncated_binomial_matches_its_probabilities()
    {
        const int n = 5;
        const double p = 0.3;
        var rng = new Random(9);
        var counts = new int[n + 1];
        const int draws = 50_000;
        for (var i = 0; i < draws; i++) counts[CotoGate.TruncatedBinomial(n, p, rng.NextDouble())]++;
        Assert.Equal(0, counts[0]);
        var mass = 1 - Math.Pow(1 - p, n);
        for (var k = 1; k <= n; k++)
        {
            var pk = Binomial(n, k) * Math.Pow(p, k) * Math.Pow(1 - p, n - k) / mass;
            Assert.InRange(counts[k] / (double)draws, pk - 0.01, pk + 0.01);
        }
    }

    private static double Binomial(int n, int k) => Enumerable.Range(1, k).Aggregate(1.0, (a, i) => a * (n - k + i) / i);
}
