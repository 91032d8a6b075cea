namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Draws for size strata that give every player one sample of the draw's stratum t at the cost of about n + 1
/// coalitions (2n + 2 paired): take a random order π; a player behind position t uses A = the first t players,
/// a player among them uses the first t + 1 minus itself. Either way A is a uniform t-subset of N \ {i}, because
/// π restricted to N \ {i} is a uniform order. Samples of different players share coalitions (cheap) and are
/// correlated, but each player's samples are independent across draws, which is all its standard error needs.
/// With a control variate ŝ (regression adjustment) a sample is Δv − Δŝ + E[Δŝ | stratum]: the same mean, whatever
/// ŝ is, as long as ŝ was fixed before the draw; less variance the better ŝ tracks v. With observe, the raw
/// marginals are kept for fitting the next ŝ.
/// </summary>
internal sealed class StratifiedScheme(
    SizeStrata strata, ulong seed, IReadOnlyList<int> stratumOfDraw, PairwiseSurrogate? control = null, bool observe = false)
    : IDrawScheme
{
    private readonly int _n = strata.Players;
    private readonly ulong _grand = Shapley.Coalitions.Grand(strata.Players);

    public int SamplesPerDraw => strata.SamplesPerDraw;

    public void Coalitions(long draw, List<ulong> into)
    {
        var (order, t, prefixes) = Draw(draw);
        for (var p = 0; p < _n; p++)
        {
            var a = Below(order, prefixes, t, p);
            var bit = 1UL << order[p];
            into.Add(a);
            into.Add(a | bit);
            if (!strata.Paired) continue;
            into.Add(_grand & ~a & ~bit);
            into.Add(_grand & ~a);
        }
    }

    public void Score(long draw, Func<ulong, double> value, UnitSink sink)
    {
        var (order, t, prefixes) = Draw(draw);
        for (var p = 0; p < _n; p++)
        {
            var i = order[p];
            var a = Below(order, prefixes, t, p);
            var bit = 1UL << i;
            var sample = value(a | bit) - value(a);
            if (observe) sink.Observations.Add(new Observation(i, a, sample));
            if (strata.Paired) sample += value(_grand & ~a) - value(_grand & ~a & ~bit);
            if (control is not null)
            {
                var modelled = control.Marginal(i, a) + (strata.Paired ? control.Marginal(i, _grand & ~a & ~bit) : 0);
                sample += control.StratumMean(i, t, strata) - modelled;
            }
            sink.Moments.Add(i, t, sample);
        }
    }

    private (int[] Order, int Stratum, ulong[] Prefixes) Draw(long draw)
    {
        var order = DrawRandom.For(seed, draw).Order(_n);
        return (order, stratumOfDraw[(int)draw], DrawRandom.Prefixes(order));
    }

    /// <summary>The t-subset of N \ {order[p]} this draw gives the player at position p.</summary>
    private static ulong Below(int[] order, ulong[] prefixes, int t, int p) =>
        p >= t ? prefixes[t] : prefixes[t + 1] & ~(1UL << order[p]);
}
