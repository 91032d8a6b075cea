namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Owen's multilinear extension: φ_i = ∫₀¹ E[v(S ∪ i) − v(S \ i)] dq with every other player in S with probability q.
/// Each draw takes q ~ U(0,1) (a fixed grid of q would be biased) and u ~ U(0,1)^n, S = {j : u_j &lt; q}, and gives every
/// player its marginal at S (n + 1 coalitions). Paired (the default), it also uses q' = 1 − q, u' = 1 − u, i.e. the
/// complement of S, and scores the pair's average as one sample.
/// </summary>
public sealed class OwenEstimator(bool paired = true) : IShapleyEstimator
{
    public string Method => "owen";

    public ShapleyRun Start(ShapleyRequest request)
    {
        request.Validate();
        var scheme = new Scheme(request.Players, DrawRandom.PhaseSeed(request.Seed, Method, paired ? 0 : 1), paired);
        var draws = paired ? (request.SamplesPerPlayer + 1) / 2 : request.SamplesPerPlayer;
        return new ShapleyRun(Method, request.Players, new SinglePhaseDesign(new DrawPhase(draws, request.DrawsPerUnit, scheme)));
    }

    private sealed class Scheme(int players, ulong seed, bool paired) : IDrawScheme
    {
        private readonly ulong _grand = Shapley.Coalitions.Grand(players);

        public int SamplesPerDraw => paired ? 2 : 1;

        private ulong Draw(long draw)
        {
            var rng = DrawRandom.For(seed, draw);
            var q = rng.NextDouble();
            var coalition = 0UL;
            for (var j = 0; j < players; j++)
                if (rng.NextDouble() < q) coalition |= 1UL << j;
            return coalition;
        }

        public void Coalitions(long draw, List<ulong> into)
        {
            var s = Draw(draw);
            Around(s, into);
            if (paired) Around(_grand & ~s, into);
        }

        private void Around(ulong s, List<ulong> into)
        {
            into.Add(s);
            for (var i = 0; i < players; i++) into.Add(s ^ (1UL << i));
        }

        public void Score(long draw, Func<ulong, double> value, UnitSink sink)
        {
            var s = Draw(draw);
            for (var i = 0; i < players; i++)
            {
                var sample = Marginal(s, i, value);
                if (paired) sample = (sample + Marginal(_grand & ~s, i, value)) / 2;
                sink.Moments.Add(i, 0, sample);
            }
        }

        private static double Marginal(ulong s, int i, Func<ulong, double> value)
        {
            var bit = 1UL << i;
            return value(s | bit) - value(s & ~bit);
        }
    }
}
