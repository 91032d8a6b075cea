namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Permutations paired with their reverses. In the reverse order a player's predecessors are the complement (in
/// N \ {i}) of its predecessors in the forward order, so the pair's average cancels every linear and pairwise
/// term of the game exactly; one pair gives each player two samples, scored as one averaged sample.
/// </summary>
public sealed class AntitheticEstimator : IShapleyEstimator
{
    public string Method => "antithetic";

    public ShapleyRun Start(ShapleyRequest request)
    {
        request.Validate();
        var scheme = new Scheme(request.Players, DrawRandom.PhaseSeed(request.Seed, Method, 0));
        var pairs = (request.SamplesPerPlayer + 1) / 2;
        return new ShapleyRun(Method, request.Players, new SinglePhaseDesign(new DrawPhase(pairs, request.DrawsPerUnit, scheme)));
    }

    private sealed class Scheme(int players, ulong seed) : IDrawScheme
    {
        private readonly ulong _grand = Shapley.Coalitions.Grand(players);

        public int SamplesPerDraw => 2;

        public void Coalitions(long draw, List<ulong> into)
        {
            var prefixes = DrawRandom.Prefixes(DrawRandom.For(seed, draw).Order(players));
            into.AddRange(prefixes);
            foreach (var p in prefixes) into.Add(_grand & ~p);
        }

        public void Score(long draw, Func<ulong, double> value, UnitSink sink)
        {
            var order = DrawRandom.For(seed, draw).Order(players);
            var prefixes = DrawRandom.Prefixes(order);
            for (var k = 0; k < players; k++)
            {
                var forward = value(prefixes[k + 1]) - value(prefixes[k]);
                var backward = value(_grand & ~prefixes[k]) - value(_grand & ~prefixes[k + 1]);
                sink.Moments.Add(order[k], 0, (forward + backward) / 2);
            }
        }
    }
}
