namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Regression-adjusted Monte Carlo (arXiv 2506.11849): a pilot of random coalitions (uniform size, each with its
/// complement) fits a linear + pairwise surrogate, whose φ is closed-form; then size-stratified sampling with
/// Neyman allocation estimates φ of the residual v − v̂. The surrogate is fitted on held-out pilot coalitions only,
/// so it is fixed before any residual sample is drawn and the estimate stays unbiased whatever the fit's quality.
/// Residual samples are unpaired on purpose: pairing already cancels every pairwise term, which would leave the
/// surrogate nothing to remove. Budget: the residual phase draws the requested samples per player; the pilot comes
/// on top, pilotShare × samples × (n + 1) coalitions (what that many permutation samples would cost).
/// </summary>
public sealed class RegressionEstimator(bool pairedResidual = false, double pilotShare = 0.25) : IShapleyEstimator
{
    public string Method => "regression";

    public ShapleyRun Start(ShapleyRequest request)
    {
        request.Validate();
        var n = request.Players;
        var pilotSamples = (int)Math.Ceiling(request.SamplesPerPlayer * pilotShare);
        var pilotDraws = Math.Max(1, (pilotSamples * (n + 1) + 1) / 2);
        var strata = new SizeStrata(n, pairedResidual);
        var residualDraws = Math.Max((request.SamplesPerPlayer + strata.SamplesPerDraw - 1) / strata.SamplesPerDraw,
            StratifiedPhases.MinimumDraws(strata));
        return new ShapleyRun(Method, n, new Design(request, strata, pilotDraws, residualDraws, DrawRandom.PhaseSeed(request.Seed, Method, 0)));
    }

    private sealed class Design(ShapleyRequest request, SizeStrata strata, long pilotDraws, long residualDraws, ulong seed) : IRunDesign
    {
        private PairwiseSurrogate? _surrogate;
        private StratifiedPhases? _residual;

        public int Strata => strata.Count;

        public double Weight(int stratum) => strata.Weight(stratum);

        public bool IsExact(int stratum) => strata.IsExact(stratum);

        public double Offset(int player) => _surrogate?.Shapley(player) ?? 0;

        public DrawPhase? Phase(int phase, ShapleyRun merged)
        {
            if (phase == 0)
                return new DrawPhase(pilotDraws, request.DrawsPerUnit, new PilotScheme(request.Players, Search.SplitMix64.Mix(seed, 0)));
            if (_residual is null)
            {
                // The barrier: every pilot unit is merged, so the fit sees the same observations in every process.
                var surrogate = PairwiseSurrogate.Fit(request.Players, merged.Observations);
                _surrogate = surrogate;
                _residual = new StratifiedPhases(strata, residualDraws, Search.SplitMix64.Mix(seed, 1), request.DrawsPerUnit, surrogate.Value);
            }
            return _residual.Phase(phase - 1, merged.Moments);
        }
    }

    /// <summary>A draw is a coalition of uniform size (uniform given its size) and its complement.</summary>
    private sealed class PilotScheme(int players, ulong seed) : IDrawScheme
    {
        private readonly ulong _grand = Shapley.Coalitions.Grand(players);

        public int SamplesPerDraw => 0;

        private ulong Draw(long draw)
        {
            var rng = DrawRandom.For(seed, draw);
            var size = rng.Below(players + 1);
            return DrawRandom.Prefixes(rng.Order(players))[size];
        }

        public void Coalitions(long draw, List<ulong> into)
        {
            var s = Draw(draw);
            into.Add(s);
            into.Add(_grand & ~s);
        }

        public void Score(long draw, Func<ulong, double> value, UnitSink sink)
        {
            var s = Draw(draw);
            sink.Observations.Add(new Observation(s, value(s)));
            sink.Observations.Add(new Observation(_grand & ~s, value(_grand & ~s)));
        }
    }
}
