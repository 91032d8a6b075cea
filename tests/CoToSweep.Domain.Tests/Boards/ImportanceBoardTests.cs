using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Tests.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;
using static CoToSweep.Domain.Tests.Sweeps.SweepFiles;

namespace CoToSweep.Domain.Tests.Boards;

public class ImportanceBoardTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>A random sweep of a, b, c, k whose objective is <paramref name="f"/>, every trial completed.</summary>
    private static SweepState Run(Func<IReadOnlyDictionary<string, ParamValue>, double> f, int trials = 80)
    {
        var d = Valid(Command($"algorithm: random\nseed: 4\nmax_trials: {trials}\nspace:\n  a: {{ uniform: [0, 1] }}\n  b: {{ uniform: [0, 1] }}\n" +
                              "  c: { loguniform: [0.001, 1] }\n  k: [x, y, z]\n  fixed: 3"));
        var s = new SweepDriver(d, DateTimeOffset.UnixEpoch);
        while (s.Do(new LeaseTrial("w", "/a", s.Now)).OfType<TrialStarted>().SingleOrDefault() is { } started)
        {
            var v = f(s.State.Trials[started.TrialId].Params);
            s.Do(new CompleteTrial(started.TrialId, 1, new Dictionary<string, double> { ["score"] = v }, v, s.Now));
        }
        return s.State;
    }

    private static List<(string Parameter, string Kind, double Share)> Rows(Board board) =>
        board.Rows.Select(r => ((string)r[1]!, (string)r[2]!, (double)r[3]!)).ToList();

    [Fact]
    public void The_parameter_that_explains_most_variance_ranks_first()
    {
        var board = BoardKinds.Importance.Build(Run(c => 10 * c["a"].Number + 3 * c["b"].Number + (c["k"].Text == "z" ? 1 : 0)), BoardOptions.Default);
        output.WriteLine(board.Title);
        var rows = Rows(board);
        foreach (var r in rows.Take(6)) output.WriteLine($"{r.Parameter} {r.Kind} {r.Share:F3}");
        Assert.Equal(("a", "main"), (rows[0].Parameter, rows[0].Kind));
        Assert.Equal("b", rows[1].Parameter);
        var share = rows.ToDictionary(r => r.Parameter, r => r.Share);
        Assert.True(share["a"] > 0.6 && share["b"] > share["k"] && share["k"] > share["c"], string.Join(", ", rows.Take(6)));
        Assert.True(share["c"] < 0.05);
        Assert.DoesNotContain(rows, r => r.Parameter.Contains("fixed"));   // a fixed value explains nothing
        Assert.Contains("forest of 100 trees", board.Title);
        Assert.Matches(@"R² 0\.[6-9]\d \(5-fold\)", board.Title);
    }

    [Fact]
    public void An_interaction_shows_up_as_a_pair()
    {
        var rows = Rows(BoardKinds.Importance.Build(Run(c => (c["a"].Number - 0.5) * (c["b"].Number - 0.5) * 40), BoardOptions.Default));
        Assert.Equal(("a × b", "pair"), (rows[0].Parameter, rows[0].Kind));
    }

    [Fact]
    public void Too_few_trials_give_an_empty_board_that_says_so()
    {
        var board = BoardKinds.Importance.Build(Run(c => c["a"].Number, trials: 5), BoardOptions.Default);
        Assert.Empty(board.Rows);
        Assert.Contains("needs at least 8 completed trials", board.Title);
    }
}
