using CoToSweep.Domain.Boards;

namespace CoToSweep.Domain.Tests.Boards;

public class RendererTests
{
    private static Board Sample() => new("trials", "sample board",
        [new("rank", ColumnKind.Number, true), new("trial", ColumnKind.Text, false), new("val_acc", ColumnKind.Metric, true),
         new("reason", ColumnKind.Text, false)],
        [
            [1L, "t0000-s0", 0.812345, null],
            [null, "t0001-s0", null, "a|b\nsecond line"],
        ]);

    [Theory]
    [InlineData(0.812345, "0.8123")]
    [InlineData(12.3456, "12.35")]
    [InlineData(1234.56, "1235")]
    [InlineData(-3.0, "-3")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.8200000000000001, "0.82")]
    [InlineData(9.99996, "10")]
    [InlineData(0.00031623, "3.162e-04")]
    [InlineData(1e-4, "1e-04")]
    [InlineData(2.5e7, "2.5e+07")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "NaN")]
    public void Readable_numbers_have_four_significant_digits_without_trailing_zeros(double value, string expected) =>
        Assert.Equal(expected, CellText.Readable(value));

    [Fact]
    public void Table_aligns_columns_and_keeps_rows_on_one_line()
    {
        var text = BoardRenderer.Render(Sample(), BoardFormat.Table);
        var lines = text.Split('\n');
        Assert.Equal("sample board", lines[0]);
        Assert.Equal("rank  trial     val_acc  reason", lines[1]);
        Assert.Equal("----  --------  -------  ---------------", lines[2]);
        Assert.Equal("   1  t0000-s0   0.8123", lines[3]);
        Assert.Equal("      t0001-s0           a|b second line", lines[4]);
        Assert.Equal("", lines[5]);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void Table_of_an_empty_board_says_so()
    {
        var board = new Board("trials", "t", [new("rank", ColumnKind.Number, true)], []);
        Assert.Equal("t\nrank\n----\n(no rows)\n", BoardRenderer.Render(board, BoardFormat.Table));
    }

    [Fact]
    public void Markdown_is_a_github_table_with_pipes_escaped()
    {
        var text = BoardRenderer.Render(Sample(), BoardFormat.Md);
        Assert.Equal(
            "| rank | trial | val_acc | reason |\n" +
            "| ---: | --- | ---: | --- |\n" +
            "| 1 | t0000-s0 | 0.8123 |  |\n" +
            "|  | t0001-s0 |  | a\\|b second line |\n", text);
    }

    [Fact]
    public void Csv_quotes_only_fields_that_need_it()
    {
        var text = BoardRenderer.Render(Sample(), BoardFormat.Csv);
        Assert.Equal("rank,trial,val_acc,reason\n1,t0000-s0,0.812345,\n,t0001-s0,,\"a|b\nsecond line\"\n", text);
    }

    [Fact]
    public void Json_writes_typed_values_and_null_for_missing()
    {
        var text = BoardRenderer.Render(Sample(), BoardFormat.Json);
        Assert.Contains("\"rank\": 1,", text);
        Assert.Contains("\"val_acc\": 0.812345,", text);
        Assert.Contains("\"val_acc\": null,", text);
        Assert.Contains("\"reason\": \"a|b\\nsecond line\"", text);
        Assert.EndsWith("]\n", text);
    }

    [Fact]
    public void Json_keeps_doubles_doubles_and_writes_non_finite_as_named_literals()
    {
        var board = new Board("x", "x", [new("a", ColumnKind.Metric, true), new("b", ColumnKind.Metric, true), new("c", ColumnKind.Param, false)],
            [[2.0, double.NaN, true]]);
        var text = BoardRenderer.Render(board, BoardFormat.Json);
        Assert.Contains("\"a\": 2.0,", text);
        Assert.Contains("\"b\": \"NaN\",", text);
        Assert.Contains("\"c\": true", text);
    }

    [Fact]
    public void Json_of_an_empty_board_is_an_empty_array() =>
        Assert.Equal("[]\n", BoardRenderer.Render(new Board("x", "x", [new("a", ColumnKind.Text, false)], []), BoardFormat.Json));

    [Fact]
    public void Formats_parse_as_the_cli_spells_them()
    {
        foreach (var name in BoardFormats.Names) Assert.True(BoardFormats.TryParse(name, out _));
        Assert.True(BoardFormats.TryParse("md", out var md));
        Assert.Equal(BoardFormat.Md, md);
        Assert.False(BoardFormats.TryParse("xml", out _));
        Assert.False(BoardFormats.TryParse(null, out _));
    }

    [Fact]
    public void A_board_refuses_cells_it_cannot_render_and_duplicate_columns()
    {
        Assert.Throws<ArgumentException>(() => new Board("x", "x", [new("a", ColumnKind.Number, true)], [[3]]));
        Assert.Throws<ArgumentException>(() => new Board("x", "x", [new("a", ColumnKind.Number, true)], [[1L, 2L]]));
        Assert.Throws<ArgumentException>(() =>
            new Board("x", "x", [new("a", ColumnKind.Number, true), new("a", ColumnKind.Text, false)], []));
    }
}
