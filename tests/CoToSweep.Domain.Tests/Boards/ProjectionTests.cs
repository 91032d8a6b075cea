using CoToSweep.Domain.Boards;

namespace CoToSweep.Domain.Tests.Boards;

public sealed class ProjectionTests
{
    [Fact]
    public void Project_keeps_the_chosen_columns_and_every_row_in_order()
    {
        var board = new Board("trials", "t",
            [new BoardColumn("rank", ColumnKind.Number, true), new BoardColumn("val", ColumnKind.Metric, true), new BoardColumn("loss", ColumnKind.Metric, true)],
            [[1L, 0.9, 0.1], [2L, 0.8, null]]);
        var projected = board.Project(c => c.Name != "loss");
        Assert.Equal(["rank", "val"], projected.Columns.Select(c => c.Name));
        Assert.Equal([[1L, 0.9], [2L, 0.8]], projected.Rows.Select(r => r.ToArray()));
        Assert.Equal(("trials", "t"), (projected.Kind, projected.Title));
    }
}
