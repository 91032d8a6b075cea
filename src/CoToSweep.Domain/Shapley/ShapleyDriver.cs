namespace CoToSweep.Domain.Shapley;

/// <summary>Runs an estimate in one process: the same unit loop a coordinator runs across workers.</summary>
public static class ShapleyDriver
{
    public static ShapleyEstimate Run(IShapleyEstimator estimator, ShapleyRequest request, ICoalitionGame game, StoppingRule? stopping = null)
    {
        if (game.Players != request.Players)
            throw new ArgumentException($"the game has {game.Players} players, the request {request.Players}");
        var run = estimator.Start(request);
        var cache = new CoalitionCache(game);
        for (var unit = 0; !run.IsComplete; unit++)
        {
            var work = run.TryPlan(unit) ?? throw new InvalidOperationException($"unit {unit} could not be planned");
            run.Merge(run.Evaluate(work, cache));
            if (stopping?.ShouldStop(run.Estimate()) == true) break;
        }
        return run.Estimate();
    }
}
