namespace CoToSweep.Domain.Shapley;

/// <summary>
/// All 2^n coalitions, each evaluated once. Written per coalition rather than per marginal, so a unit is just a
/// range of masks and units add up: φ_i = Σ_{S∋i} v(S)/(n·C(n−1,|S|−1)) − Σ_{S∌i} v(S)/(n·C(n−1,|S|)).
/// Right for n up to about 14 (and the cheapest method there, since samplers revisit coalitions).
/// </summary>
public sealed class ExactEstimator : IShapleyEstimator
{
    public const int MaxPlayers = 26;

    public string Method => "exact";

    public ShapleyRun Start(ShapleyRequest request)
    {
        Coalitions.CheckPlayers(request.Players);
        if (request.Players > MaxPlayers)
            throw new ArgumentOutOfRangeException(nameof(request), $"exact enumeration is limited to {MaxPlayers} players, not {request.Players}");
        // A unit holds as many masks as DrawsPerUnit permutations would evaluate, so units cost the same for every method.
        return new ShapleyRun(Method, request.Players, new Design(request.Players, (long)request.DrawsPerUnit * (request.Players + 1)));
    }

    private sealed class Design(int players, long masksPerUnit) : IRunDesign
    {
        public int Strata => 0;

        public double Weight(int stratum) => 0;

        public bool IsExact(int stratum) => true;

        public DrawPhase? Phase(int phase, ShapleyRun merged) =>
            phase == 0 ? new DrawPhase(1L << players, (int)Math.Min(masksPerUnit, 1L << players), new Scheme(players)) : null;
    }

    private sealed class Scheme(int players) : IDrawScheme
    {
        private readonly ShapleyWeights _weights = new(players);

        public int SamplesPerDraw => 0;

        public void Coalitions(long draw, List<ulong> into) => into.Add((ulong)draw);

        public void Score(long draw, Func<ulong, double> value, UnitSink sink)
        {
            var s = (ulong)draw;
            var v = value(s);
            var size = Shapley.Coalitions.Size(s);
            for (var i = 0; i < players; i++)
                sink.Sums[i] += Shapley.Coalitions.Contains(s, i) ? _weights.In[size] * v : -_weights.Out[size] * v;
        }
    }
}
