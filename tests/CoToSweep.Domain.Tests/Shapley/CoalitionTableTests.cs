using CoToSweep.Domain.Shapley;

namespace CoToSweep.Domain.Tests.Shapley;

public class CoalitionTableTests
{
    [Fact]
    public void Reads_named_players_comments_blank_lines_and_the_empty_coalition()
    {
        var table = CoalitionTable.Parse("t.csv", "# a comment\r\n# players: x; y\r\n\r\ncoalition,value\r\n,0.5\r\nx,1\r\ny;x,2.5e0\r\ny , 1.25\r\n");
        Assert.Equal(["x", "y"], table.PlayerNames);
        Assert.True(table.IsComplete);
        Assert.Equal(0.5, table.Value(0));
        Assert.Equal(2.5, table.Value(3));
        Assert.Equal(1.25, table.Value(2));
    }

    [Fact]
    public void Numbers_players_without_a_players_line()
    {
        var table = CoalitionTable.Parse("t.csv", "coalition,value\n,0\n0,1\n2,1\n0;1;2,3\n");
        Assert.Equal(["0", "1", "2"], table.PlayerNames);
        Assert.False(table.IsComplete);
        Assert.Equal(2UL, table.FirstMissing());
        Assert.Equal("1", table.Describe(2));
    }

    [Theory]
    [InlineData("# players: a;b\ncoalition,value\na,1\na,2\n", "t.csv:4: duplicate coalition (first given on line 3)")]
    [InlineData("# players: a;b\ncoalition,value\na;b,1\nb;a,2\n", "t.csv:4: duplicate coalition (first given on line 3)")]
    [InlineData("# players: a;b;a\ncoalition,value\n", "t.csv:1: duplicate player 'a'")]
    [InlineData("# players: a;b\ncoalition,value\na;c,1\n", "t.csv:3: unknown player 'c'")]
    [InlineData("# players: a;b\ncoalition,value\na;a,1\n", "t.csv:3: player 'a' appears twice in one coalition")]
    [InlineData("# players: a;b\ncoalition,value\na,x1\n", "t.csv:3: value 'x1' is not a finite number")]
    [InlineData("# players: a;b\ncoalition,value\na,NaN\n", "t.csv:3: value 'NaN' is not a finite number")]
    [InlineData("# players: a;b\ncoalition,value\na,1,2\n", "t.csv:3: expected 'coalition,value' (2 fields), found 3")]
    [InlineData("# players: a;b\nplayers,score\n", "t.csv:2: expected the header 'coalition,value', found 'players,score'")]
    [InlineData("coalition,value\nfoo,1\n", "t.csv:2: unknown player 'foo' (without '# players:' players are numbered 0..62)")]
    [InlineData("", "t.csv: no 'coalition,value' header (is the file empty?)")]
    public void Bad_tables_fail_with_one_line_naming_file_and_line(string text, string message)
    {
        var error = Assert.Throws<CoalitionTableException>(() => CoalitionTable.Parse("t.csv", text));
        Assert.Equal(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_missing_coalition_is_reported_by_name()
    {
        var table = CoalitionTable.Parse("t.csv", "# players: a;b\ncoalition,value\n,0\na,1\n");
        var error = Assert.Throws<CoalitionTableException>(() => table.Value(3));
        Assert.Equal("t.csv: no row for coalition 'a;b'", error.Message);
    }
}
