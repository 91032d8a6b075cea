using CoToSweep.Domain.Boards;

namespace CoToSweep.Domain.Tests.Boards;

public class ConfigsBoardTests
{
    // Student's t with 2 degrees of freedom has F(t) = 1/2 + t / (2 sqrt(2 + t²)); F(t) = 0.975 gives t² = 1.805 / 0.0975.
    private static readonly double T975Df2 = Math.Sqrt(1.805 / 0.0975);

    [Fact]
    public void Columns_are_params_counts_objective_statistics_then_other_metrics_mean_and_std()
    {
        var b = SweepBuilder.Grid().Complete("t0000-s0", 0.8, ("loss", 0.5));
        var board = ConfigsBoard.Build(b.State, BoardOptions.Default);
        Assert.Equal(
            ["rank", "config", "lr", "schedule.shape", "n", "trials", "failed",
             "val_acc_mean", "val_acc_std", "val_acc_ci95_low", "val_acc_ci95_high", "loss_mean", "loss_std"],
            board.Columns.Select(c => c.Name));
        Assert.Equal("configs", board.Kind);
        Assert.Equal(4, board.Rows.Count);
    }

    [Fact]
    public void Statistics_match_a_hand_computation()
    {
        var b = SweepBuilder.Grid()
            .Complete("t0000-s0", 0.80, ("loss", 1.0)).Complete("t0000-s1", 0.82, ("loss", 2.0)).Complete("t0000-s2", 0.87, ("loss", 4.0));
        var board = ConfigsBoard.Build(b.State, BoardOptions.Default);

        // mean 0.83; deviations -0.03, -0.01, 0.04; s² = (0.0009 + 0.0001 + 0.0016) / 2 = 0.0013
        var std = Math.Sqrt(0.0013);
        var half = T975Df2 * std / Math.Sqrt(3);
        Assert.Equal(0L, board.Cell(0, "config"));
        Assert.Equal(3L, board.Cell(0, "n"));
        Assert.Equal(3L, board.Cell(0, "trials"));
        Assert.Equal(0.83, (double)board.Cell(0, "val_acc_mean")!, 12);
        Assert.Equal(std, (double)board.Cell(0, "val_acc_std")!, 12);
        Assert.Equal(0.83 - half, (double)board.Cell(0, "val_acc_ci95_low")!, 9);
        Assert.Equal(0.83 + half, (double)board.Cell(0, "val_acc_ci95_high")!, 9);
        Assert.Equal(7.0 / 3, (double)board.Cell(0, "loss_mean")!, 12);
        Assert.Equal(Math.Sqrt((1.0 / 9 * (16 + 1 + 25)) / 2), (double)board.Cell(0, "loss_std")!, 12);
    }

    [Fact]
    public void Interval_uses_the_t_quantile_for_larger_samples()
    {
        // t(0.975, 4) = 2.7764451051977987 (standard tables: 2.776)
        var stats = SampleStats.Of([1.0, 2.0, 3.0, 4.0, 5.0]);
        var half = 2.7764451051977987 * Math.Sqrt(2.5) / Math.Sqrt(5);
        Assert.Equal(5, stats.N);
        Assert.Equal(3.0, stats.Mean!.Value, 12);
        Assert.Equal(Math.Sqrt(2.5), stats.Std!.Value, 12);
        Assert.Equal(3.0 - half, stats.Ci95Low!.Value, 9);
        Assert.Equal(3.0 + half, stats.Ci95High!.Value, 9);
    }

    [Fact]
    public void One_seed_has_a_mean_but_no_std_or_interval_and_failures_are_counted()
    {
        var b = SweepBuilder.Grid().Complete("t0001-s0", 0.7).Fail("t0001-s1", "boom");
        var board = ConfigsBoard.Build(b.State, BoardOptions.Default);
        Assert.Equal(1L, board.Cell(0, "config"));
        Assert.Equal(1L, board.Cell(0, "rank"));
        Assert.Equal(1L, board.Cell(0, "n"));
        Assert.Equal(1L, board.Cell(0, "failed"));
        Assert.Equal(0.7, board.Cell(0, "val_acc_mean"));
        Assert.Null(board.Cell(0, "val_acc_std"));
        Assert.Null(board.Cell(0, "val_acc_ci95_low"));
        Assert.Null(board.Cell(0, "val_acc_ci95_high"));
    }

    [Fact]
    public void Configurations_are_ranked_by_the_mean_in_the_objectives_direction_then_unranked_ones_follow()
    {
        var b = SweepBuilder.Grid(direction: "minimize")
            .Complete("t0000-s0", 0.3).Complete("t0000-s1", 0.5)      // mean 0.4
            .Complete("t0001-s0", 0.1).Complete("t0001-s1", 0.9)      // mean 0.5
            .Complete("t0003-s0", 0.2).Complete("t0003-s1", double.NaN); // mean 0.2 (NaN left out)
        var board = ConfigsBoard.Build(b.State, BoardOptions.Default);
        var configs = Enumerable.Range(0, 4).Select(r => board.Cell(r, "config")).ToList();
        Assert.Equal([3L, 0L, 1L, 2L], configs);
        Assert.Equal([1L, 2L, 3L, null], Enumerable.Range(0, 4).Select(r => board.Cell(r, "rank")));
        Assert.Equal(2L, board.Cell(0, "n"));
        Assert.Null(board.Cell(0, "val_acc_std"));
        Assert.Null(board.Cell(3, "val_acc_mean"));

        var top = ConfigsBoard.Build(b.State, new BoardOptions(Top: 2));
        Assert.Equal([3L, 0L], Enumerable.Range(0, top.Rows.Count).Select(r => top.Cell(r, "config")));
    }

    [Fact]
    public void Params_of_a_configuration_are_its_own()
    {
        var b = SweepBuilder.Grid().Complete("t0002-s1", 0.5);
        var board = ConfigsBoard.Build(b.State, BoardOptions.Default);
        Assert.Equal(0.01, board.Cell(0, "lr"));
        Assert.Equal("linear", board.Cell(0, "schedule.shape"));
    }
}
