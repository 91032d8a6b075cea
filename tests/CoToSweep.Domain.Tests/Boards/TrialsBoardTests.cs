using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Tests.Boards;

public class TrialsBoardTests
{
    private static List<string> Column(Board board, string name) =>
        Enumerable.Range(0, board.Rows.Count).Select(r => CellText.Exact(board.Cell(r, name))).ToList();

    [Fact]
    public void Columns_are_fixed_then_searched_params_then_objective_then_other_metrics_by_name()
    {
        var b = SweepBuilder.Grid().Complete("t0000-s0", 0.8, ("loss", 0.5), ("acc_train", 0.9));
        var board = TrialsBoard.Build(b.State, BoardOptions.Default);
        Assert.Equal(
            ["rank", "trial", "status", "config", "seed", "attempt", "step", "lr", "schedule.shape", "val_acc", "acc_train", "loss", "wall_seconds", "reason"],
            board.Columns.Select(c => c.Name));
        Assert.Equal("trials", board.Kind);
        Assert.Equal(ColumnKind.Param, board.Columns[7].Kind);
        Assert.True(board.Columns[7].Numeric);
        Assert.False(board.Columns[8].Numeric);
        Assert.Equal(ColumnKind.Metric, board.Columns[9].Kind);
        Assert.Equal(12, board.Rows.Count);
    }

    [Fact]
    public void Cells_are_typed_and_wall_seconds_come_from_start_and_finish()
    {
        var b = SweepBuilder.Grid().Complete("t0001-s2", 0.75, ("loss", 0.25));
        var board = TrialsBoard.Build(b.State, BoardOptions.Default);
        Assert.Equal(1L, board.Cell(0, "rank"));
        Assert.Equal("t0001-s2", board.Cell(0, "trial"));
        Assert.Equal("completed", board.Cell(0, "status"));
        Assert.Equal(1L, board.Cell(0, "config"));
        Assert.Equal(2L, board.Cell(0, "seed"));
        Assert.Equal(1L, board.Cell(0, "attempt"));
        Assert.Equal(0.1, board.Cell(0, "lr"));
        Assert.Equal("cosine", board.Cell(0, "schedule.shape"));
        Assert.Equal(0.75, board.Cell(0, "val_acc"));
        Assert.Equal(0.25, board.Cell(0, "loss"));
        Assert.Equal(10.0, board.Cell(0, "wall_seconds"));
        Assert.Null(board.Cell(0, "reason"));
        Assert.Equal("pending", board.Cell(1, "status"));
        Assert.Null(board.Cell(1, "rank"));
        Assert.Null(board.Cell(1, "val_acc"));
    }

    [Fact]
    public void Maximize_ranks_the_highest_first_with_ties_in_trial_order()
    {
        var b = SweepBuilder.Grid()
            .Complete("t0000-s0", 0.5).Complete("t0000-s1", 0.9).Complete("t0000-s2", 0.7)
            .Complete("t0001-s0", 0.9).Complete("t0001-s1", 0.1);
        var board = TrialsBoard.Build(b.State, new BoardOptions(Top: 5));
        Assert.Equal(["t0000-s1", "t0001-s0", "t0000-s2", "t0000-s0", "t0001-s1"], Column(board, "trial"));
        Assert.Equal(["1", "2", "3", "4", "5"], Column(board, "rank"));
    }

    [Fact]
    public void Minimize_ranks_the_lowest_first()
    {
        var b = SweepBuilder.Grid(direction: "minimize")
            .Complete("t0000-s0", 0.5).Complete("t0000-s1", 0.9).Complete("t0000-s2", -0.7).Complete("t0001-s0", 0.1);
        var board = TrialsBoard.Build(b.State, new BoardOptions(Top: 4));
        Assert.Equal(["t0000-s2", "t0001-s0", "t0000-s0", "t0000-s1"], Column(board, "trial"));
    }

    [Fact]
    public void NaN_and_missing_objectives_are_not_ranked_and_come_after_the_ranked_trials()
    {
        var b = SweepBuilder.Grid()
            .Complete("t0000-s0", double.NaN).Complete("t0000-s1", null, ("loss", 1.0))
            .Complete("t0000-s2", 0.2).Complete("t0001-s0", double.PositiveInfinity);
        var board = TrialsBoard.Build(b.State, BoardOptions.Default);
        Assert.Equal(["t0001-s0", "t0000-s2", "t0000-s0", "t0000-s1"], Column(board, "trial").Take(4));
        Assert.Equal(["1", "2", "", ""], Column(board, "rank").Take(4));
        Assert.Equal("NaN", Column(board, "val_acc")[2]);
        Assert.Equal("", Column(board, "val_acc")[3]);
    }

    [Fact]
    public void Unranked_rows_show_failures_with_their_reason_before_running_and_pending_trials()
    {
        var b = SweepBuilder.Grid()
            .Complete("t0001-s0", 0.6)
            .Start("t0000-s0")
            .Fail("t0002-s1", "exit code 1: CUDA out of memory, \"batch\" too big")
            .Fail("t0000-s2", "timeout after 30m");
        var board = TrialsBoard.Build(b.State, BoardOptions.Default);
        var trials = Column(board, "trial");
        Assert.Equal(["t0001-s0", "t0000-s2", "t0002-s1", "t0000-s0", "t0000-s1"], trials.Take(5));
        Assert.Equal(["completed", "failed", "failed", "running", "pending"], Column(board, "status").Take(5));
        Assert.Equal("timeout after 30m", board.Cell(1, "reason"));
        Assert.Equal("exit code 1: CUDA out of memory, \"batch\" too big", board.Cell(2, "reason"));
        Assert.Equal(12, board.Rows.Count);
    }

    [Fact]
    public void Top_keeps_the_best_ranked_rows_only()
    {
        var b = SweepBuilder.Grid()
            .Complete("t0000-s0", 0.5).Complete("t0000-s1", 0.9).Complete("t0000-s2", 0.7).Fail("t0001-s0", "boom");
        Assert.Equal(["t0000-s1", "t0000-s2"], Column(TrialsBoard.Build(b.State, new BoardOptions(2)), "trial"));
        Assert.Equal(["t0000-s1", "t0000-s2", "t0000-s0"], Column(TrialsBoard.Build(b.State, new BoardOptions(10)), "trial"));
    }

    [Fact]
    public void Top_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoardOptions(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BoardOptions.Default with { Top = -1 });
    }

    [Fact]
    public void Use_best_names_the_objective_column_metric_best_and_keeps_the_last_value_as_a_metric()
    {
        var b = SweepBuilder.Grid(use: "best").Complete("t0000-s0", 0.9, ("val_acc", 0.8));
        var board = TrialsBoard.Build(b.State, BoardOptions.Default);
        Assert.Equal(["val_acc_best", "val_acc"], board.Columns.Where(c => c.Kind == ColumnKind.Metric).Select(c => c.Name));
        Assert.Equal(0.9, board.Cell(0, "val_acc_best"));
        Assert.Equal(0.8, board.Cell(0, "val_acc"));
    }

    [Fact]
    public void A_parameter_outside_the_space_gets_a_column_when_it_differs_among_trials()
    {
        var spec = SpecReader.Parse("""
            name: varied
            trial: { kind: command, command: [sh, -c, "true"], steps: 100, batch: 32 }
            objective: { metric: score, direction: maximize }
            search: { algorithm: grid, space: { lr: [0.1] } }
            """).Spec!;
        var at = DateTimeOffset.UnixEpoch;
        PlannedTrial Planned(int config, long steps) => new(TrialRecord.MakeId(config, 0), config, 0,
            new Dictionary<string, ParamValue> { ["lr"] = ParamValue.Of(0.1), ["steps"] = ParamValue.Of(steps), ["batch"] = ParamValue.Of(32L) });
        var state = SweepState.Replay("varied-00000000", [
            new SweepSubmitted("varied-00000000", spec, "", "{}", null, at),
            new TrialsPlanned([Planned(0, 100), Planned(1, 200)], at),
        ]);
        var board = TrialsBoard.Build(state, BoardOptions.Default);
        Assert.Equal(["lr", "steps"], board.Columns.Where(c => c.Kind == ColumnKind.Param).Select(c => c.Name));
        Assert.Equal(200L, board.Cell(1, "steps"));
    }

    [Fact]
    public void A_metric_named_like_a_fixed_column_is_prefixed()
    {
        var b = SweepBuilder.Grid().Complete("t0000-s0", 0.5, ("seed", 3.0));
        var board = TrialsBoard.Build(b.State, BoardOptions.Default);
        Assert.Equal(0L, board.Cell(0, "seed"));
        Assert.Equal(3.0, board.Cell(0, "metric:seed"));
    }

    [Fact]
    public void A_sweep_not_yet_submitted_gives_an_empty_board()
    {
        var board = TrialsBoard.Build(SweepState.Empty("nothing"), BoardOptions.Default);
        Assert.Empty(board.Rows);
        Assert.Equal("rank", board.Columns[0].Name);
    }

    [Fact]
    public void Boards_are_found_by_their_cli_names()
    {
        Assert.Same(BoardKinds.Trials, BoardKinds.Find("trials"));
        Assert.Same(BoardKinds.Configs, BoardKinds.Find("configs"));
        Assert.Same(BoardKinds.Shapley, BoardKinds.Find("shapley"));
        Assert.Same(BoardKinds.Merge, BoardKinds.Find("merge"));
        Assert.Same(BoardKinds.PruneConfigs, BoardKinds.Find("prune-configs"));
        Assert.Same(BoardKinds.Pareto, BoardKinds.Find("pareto"));
        Assert.Same(BoardKinds.Importance, BoardKinds.Find("importance"));
        Assert.Same(BoardKinds.Corruption, BoardKinds.Find("corruption"));
        Assert.Null(BoardKinds.Find("nope"));
        Assert.Empty(BoardKinds.NotYet);   // every board of the command-line contract is built
    }
}
