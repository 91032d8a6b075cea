using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Tests.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;
using static CoToSweep.Domain.Tests.Sweeps.SweepFiles;

namespace CoToSweep.Domain.Tests.Search;

/// <summary>Several objectives: non-dominated fronts, crowding, the pareto board, multi-objective TPE.</summary>
public class ParetoTests
{
    private static readonly double[][] Points =
    [
        [1, 5], [2, 3], [4, 1], [3, 4], [5, 5], [2.5, 2.5], [6, 6], [1, 6],
    ];

    [Fact]
    public void Fronts_of_a_constructed_set()
    {
        // front 0: (1,5) (2,3) (4,1) (2.5,2.5); front 1: (3,4) (1,6); front 2: (5,5); front 3: (6,6)
        Assert.Equal([0, 0, 0, 1, 2, 0, 3, 1], Pareto.Ranks(Points));
        var crowding = Pareto.Crowding(Points, [0, 1, 2, 5]);
        Assert.True(double.IsPositiveInfinity(crowding[0]) && double.IsPositiveInfinity(crowding[2]));
        // (2,3): neighbours (1,5) and (2.5,2.5) in x, (2.5,2.5) and (1,5) in y: (2.5-1)/3 + (5-2.5)/4
        Assert.Equal(1.5 / 3 + 2.5 / 4, crowding[1], 12);
        Assert.Equal((4 - 2.0) / 3 + (3 - 1.0) / 4, crowding[5], 12);
        // the best 5: the whole first front, then the wider of front 1 (both have infinite crowding: the earlier)
        Assert.Equal([0, 1, 2, 3, 5], Pareto.Best(Points, 5).Order());
        Assert.Equal([0, 2, 5], Pareto.Best(Points, 3).Order());   // front 0 cut by crowding: the two ends, then the wider
    }

    private const string TwoObjectives = """
        name: two
        trial: { kind: command, command: [sh, -c, "exit 0"] }
        objectives:
          - { metric: acc, direction: maximize }
          - { metric: cost, direction: minimize }
        search:
          seeds: [0]
          space:
            x: [1, 2, 3, 4, 5]
        """;

    [Fact]
    public void The_pareto_board_ranks_completed_trials_by_front_and_status_counts_the_front()
    {
        var d = Valid(TwoObjectives);
        Assert.Equal(["acc", "cost"], d.Spec!.AllObjectives.Select(o => o.Metric));
        Assert.Equal("acc", d.Spec.Objective.Metric);
        var s = new SweepDriver(d, DateTimeOffset.UnixEpoch);
        var results = new (double Acc, double Cost)[] { (0.9, 5), (0.8, 2), (0.7, 3), (0.95, 9), (0.6, 1) };
        var ids = new List<string>();
        while (s.Do(new LeaseTrial("w", "/a", s.Now)).OfType<TrialStarted>().SingleOrDefault() is { } started) ids.Add(started.TrialId);
        foreach (var (id, (acc, cost)) in ids.Zip(results))
            s.Do(new CompleteTrial(id, 1, new Dictionary<string, double> { ["acc"] = acc, ["cost"] = cost }, acc, s.Now));
        var board = BoardKinds.Pareto.Build(s.State, BoardOptions.Default);
        int Col(string name) => board.Columns.ToList().FindIndex(c => c.Name == name);
        var fronts = board.Rows.ToDictionary(r => (string)r[Col("trial")]!, r => (long)r[Col("front")]!);
        // (0.7, 3) is beaten by (0.8, 2); every other trial is on the front
        Assert.Equal([1L, 1, 2, 1, 1], ids.Select(id => fronts[id]));
        Assert.Equal(ids[2], board.Rows[^1][Col("trial")]);
        Assert.Equal(0.95, board.Rows.Single(r => (string)r[Col("trial")]! == ids[3])[Col("acc")]);
        Assert.Contains("4 of 5 trials on the front", board.Title);
        Assert.Equal(4, ParetoBoard.FrontSize(s.State));
        Assert.Null(ParetoBoard.FrontSize(new SweepDriver(Valid(Base), DateTimeOffset.UnixEpoch).State));
    }

    [Fact]
    public void Objective_and_objectives_together_are_refused()
    {
        var problem = Assert.Single(SpecReader.Parse(TwoObjectives.Replace("objectives:", "objective: { metric: acc, direction: maximize }\nobjectives:")).Problems);
        Assert.Equal("give objective or objectives, not both", problem.Message);
        Assert.Contains(SpecReader.Parse(TwoObjectives.Replace("metric: cost", "metric: acc")).Problems, p => p.Message == "objective metric 'acc' is listed twice");
    }

    [Fact]
    public void Multi_objective_tpe_finds_more_of_the_front_than_random()
    {
        // Two objectives of one variable pair: f1 = a², f2 = (a − 2)² + b²; the front is b = 0, a in [0, 2].
        static IReadOnlyList<double> F(IReadOnlyDictionary<string, ParamValue> c) =>
            [Math.Pow(c["a"].Number, 2), Math.Pow(c["a"].Number - 2, 2) + Math.Pow(c["b"].Number, 2)];
        double Hypervolume(string algorithm, int seed)
        {
            var search = Spec(Command($"algorithm: {algorithm}\nseed: {seed}\nmax_trials: 60\nspace:\n  a: {{ uniform: [-4, 4] }}\n  b: {{ uniform: [-4, 4] }}")).Search;
            var seen = new List<Observation>();
            for (var i = 0; i < 60; i++)
            {
                var c = Samplers.Get(algorithm).Propose(search, i, new SearchHistory(seen, []));
                seen.Add(new Observation(c, F(c)));
            }
            // The area dominated inside the reference box [0, 16]², on a 200×200 grid.
            var count = 0;
            for (var i = 0; i < 200; i++)
                for (var j = 0; j < 200; j++)
                {
                    var (x, y) = ((i + 0.5) * 16 / 200, (j + 0.5) * 16 / 200);
                    if (seen.Any(o => o.Losses[0] <= x && o.Losses[1] <= y)) count++;
                }
            return count / 40000.0;
        }
        var tpe = Enumerable.Range(0, 5).Average(seed => Hypervolume("tpe", seed));
        var random = Enumerable.Range(0, 5).Average(seed => Hypervolume("random", seed));
        Assert.True(tpe > random, $"dominated share: tpe {tpe} vs random {random}");
    }
}
