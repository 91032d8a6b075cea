using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Shapley.Games;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Tests.Analyses;

public class ShapleyBoardTests
{
    private static double Num(Board b, int row, string column) => (double)b.Cell(row, column)!;

    [Fact]
    public void Rows_rank_groups_per_analysis_with_intervals_balance_and_the_efficiency_check()
    {
        var game = new LayerGame(6, 11);
        var sweep = new AnalysisSweep("{ method: exact, top_k: 2 }", "seeds: [0, 1, 2]");
        sweep.TrainAll(order => new[] { 0.3, 0.8, 0.5 }[order]);
        sweep.RunAnalyses(game, new Random(1));
        var board = BoardKinds.Shapley.Build(sweep.State, BoardOptions.Default);

        Assert.Equal(12, board.Rows.Count);
        Assert.Equal(["t0000-s1", "t0000-s2"], board.Rows.Select(r => (string)r[0]!).Distinct());
        var truth = ExactShapley.Enumerate(game);
        for (var r = 0; r < 6; r++)
        {
            Assert.Equal((long)(r + 1), board.Cell(r, "rank"));
            var group = (string)board.Cell(r, "group")!;
            Assert.Equal(truth[int.Parse(group["layer".Length..])], Num(board, r, "phi"), 12);
            if (r > 0) Assert.True(Num(board, r, "phi") <= Num(board, r - 1, "phi"));
            Assert.Equal(0.0, Num(board, r, "std_error"));
            Assert.Equal("completed", board.Cell(r, "status"));
            Assert.Equal(64L, board.Cell(r, "evaluations"));
        }
        Assert.Equal(game.Value(Coalitions.Grand(6)) - game.Value(0), Num(board, 0, "full_minus_empty"), 12);
        Assert.Equal(0.0, Num(board, 0, "efficiency_gap"), 12);
        Assert.Equal(Num(board, 0, "sum_phi"), truth.Sum(), 12);
        var magnitudes = truth.Select(Math.Abs).OrderDescending().ToArray();
        Assert.Equal(magnitudes[0] / magnitudes.Sum(), Num(board, 0, "top1_share"), 12);
        Assert.Equal(magnitudes.Take(3).Sum() / magnitudes.Sum(), Num(board, 0, "top3_share"), 12);
        Assert.Equal(ShapleyBalance.GiniOf(magnitudes), Num(board, 0, "gini"), 12);
        Assert.Equal(1.0, Enumerable.Range(0, 6).Sum(r => Math.Abs(Num(board, r, "share"))), 12);
        Assert.Contains("2 analyses, 2 completed", board.Title);
    }

    [Fact]
    public void Top_keeps_the_best_groups_of_each_analysis_and_every_format_renders()
    {
        var sweep = new AnalysisSweep("{ method: antithetic, samples: 16 }", "seeds: [0, 1]");
        sweep.RunAnalyses(new LayerGame(6, 2), new Random(2));
        var board = BoardKinds.Shapley.Build(sweep.State, new BoardOptions(2));
        Assert.Equal(4, board.Rows.Count);
        Assert.Equal([1L, 2L, 1L, 2L], board.Rows.Select(r => (long)r[1]!));
        foreach (var format in new[] { BoardFormat.Table, BoardFormat.Csv, BoardFormat.Json, BoardFormat.Md })
            Assert.Contains("layer", BoardRenderer.Render(board, format));
    }

    [Fact]
    public void A_running_analysis_shows_the_merged_units_and_one_not_started_shows_a_placeholder_row()
    {
        var game = new LayerGame(6, 3);
        var sweep = new AnalysisSweep("{ method: permutation, samples: 64, unit_draws: 2 }");
        sweep.TrainAll();
        var empty = BoardKinds.Shapley.Build(sweep.State, BoardOptions.Default);
        Assert.Equal("running", Assert.Single(empty.Rows)[empty.IndexOf("status")]);
        Assert.Null(empty.Cell(0, "phi"));
        var unit = (AnalysisUnitStarted)sweep.Lease()!;
        sweep.Complete(unit, game);
        var partial = BoardKinds.Shapley.Build(sweep.State, BoardOptions.Default);
        Assert.Equal(6, partial.Rows.Count);
        Assert.All(partial.Rows, r => Assert.Equal("running", r[partial.IndexOf("status")]));
        Assert.Equal(2L, partial.Cell(0, "samples"));
    }

    [Fact]
    public void For_a_loss_the_groups_that_lower_it_most_rank_first()
    {
        var sweep = new AnalysisSweep("{ method: exact, metric: val_loss }");
        sweep.TrainAll();
        sweep.RunAnalyses(new LayerGame(6, 4), new Random(3));
        var board = BoardKinds.Shapley.Build(sweep.State, BoardOptions.Default);
        for (var r = 1; r < 6; r++) Assert.True(Num(board, r, "phi") >= Num(board, r - 1, "phi"));
    }

    [Fact]
    public void A_failed_analysis_shows_its_reason()
    {
        var sweep = new AnalysisSweep("{ method: exact }");
        sweep.TrainAll();
        var unit = (AnalysisUnitStarted)sweep.Lease()!;
        sweep.Do(new SweepCommands.FailAnalysisUnit(unit.AnalysisId, unit.Unit, unit.Attempt, "no trained adapter at /x", true, sweep.Now));
        var board = BoardKinds.Shapley.Build(sweep.State, BoardOptions.Default);
        var row = Assert.Single(board.Rows);
        Assert.Equal("failed", row[board.IndexOf("status")]);
        Assert.Contains("no trained adapter", (string)row[board.IndexOf("reason")]!);
    }
}
