namespace CoToSweep.Domain.Shapley;

/// <summary>
/// Castro et al.: marginal contributions along uniformly random orders; one order gives every player one sample
/// at the cost of n + 1 coalitions.
/// </summary>
public sealed class PermutationEstimator : IShapleyEstimator
{
    public string Method => "permutation";

    public ShapleyRun Start(ShapleyRequest request)
    {
        request.Validate();
        var scheme = new Scheme(request.Players, DrawRandom.PhaseSeed(request.Seed, Method, 0));
        return new ShapleyRun(Method, request.Players,
            new SinglePhaseDesign(new DrawPhase(request.SamplesPerPlayer, request.DrawsPerUnit, scheme)));
    }

    private sealed class Scheme(int players, ulong seed) : IDrawScheme
    {
        public int SamplesPerDraw => 1;

        public void Coalitions(long draw, List<ulong> into) =>
            into.AddRange(DrawRandom.Prefixes(DrawRandom.For(seed, draw).Order(players)));

        public void Score(long draw, Func<ulong, double> value, UnitSink sink)
        {
            var order = DrawRandom.For(seed, draw).Order(players);
            var prefixes = DrawRandom.Prefixes(order);
            for (var k = 0; k < players; k++)
                sink.Moments.Add(order[k], 0, value(prefixes[k + 1]) - value(prefixes[k]));
        }
    }
}
