using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CoToSweep.Domain.Boards;

namespace CoToSweep.Domain.Tests.Boards;

/// <summary>Leaderboard exports parse back: CSV through a real RFC 4180 reader, JSON through System.Text.Json.</summary>
public class ExportRoundTripTests
{
    private static readonly JsonSerializerOptions Named = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>A sweep with every kind of cell: exact doubles, NaN, missing values, and awkward failure reasons.</summary>
    private static SweepBuilder Awkward() => SweepBuilder.Grid()
        .Complete("t0000-s0", 0.1 + 0.2, ("loss", 1.0 / 3), ("grad_norm", 1e-300))
        .Complete("t0000-s1", 0.8123456789012345, ("loss", 2.0))
        .Complete("t0000-s2", double.NaN, ("loss", -0.0))
        .Complete("t0001-s0", 0.5, ("loss", double.PositiveInfinity))
        .Fail("t0001-s1", "exit code 1, stderr:\n\"RuntimeError: shape mismatch\"\r\nat line 3")
        .Fail("t0002-s0", "plain, with comma")
        .Start("t0003-s0");

    public static TheoryData<string> Boards => ["trials", "configs"];

    private static Board Build(string kind) => BoardKinds.Find(kind)!.Build(Awkward().State, BoardOptions.Default);

    [Theory]
    [MemberData(nameof(Boards))]
    public void Csv_parses_back_to_the_same_cells(string kind)
    {
        var board = Build(kind);
        var records = CsvReader.Read(BoardRenderer.Render(board, BoardFormat.Csv));

        Assert.Equal(board.Rows.Count + 1, records.Count);
        Assert.Equal(board.Columns.Select(c => c.Name), records[0]);
        for (var r = 0; r < board.Rows.Count; r++)
            for (var c = 0; c < board.Columns.Count; c++)
                Assert.Equal(board.Rows[r][c], Typed(records[r + 1][c], board.Rows[r][c]));
    }

    [Fact]
    public void Csv_keeps_reasons_with_quotes_commas_and_line_breaks_intact()
    {
        var board = Build("trials");
        var records = CsvReader.Read(BoardRenderer.Render(board, BoardFormat.Csv));
        var reason = board.IndexOf("reason");
        Assert.Contains(records, r => r[reason] == "exit code 1, stderr:\n\"RuntimeError: shape mismatch\"\r\nat line 3");
        Assert.Contains(records, r => r[reason] == "plain, with comma");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Json_parses_back_to_the_same_rows(string kind)
    {
        var board = Build(kind);
        using var doc = JsonDocument.Parse(BoardRenderer.Render(board, BoardFormat.Json));

        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Equal(board.Rows.Count, doc.RootElement.GetArrayLength());
        var r = 0;
        foreach (var row in doc.RootElement.EnumerateArray())
        {
            Assert.Equal(board.Columns.Select(c => c.Name), row.EnumerateObject().Select(p => p.Name));
            var c = 0;
            foreach (var property in row.EnumerateObject())
            {
                var expected = board.Rows[r][c++];
                object? actual = expected switch
                {
                    null => property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.GetRawText(),
                    long => property.Value.GetInt64(),
                    double => property.Value.Deserialize<double>(Named),
                    bool => property.Value.GetBoolean(),
                    _ => property.Value.GetString(),
                };
                Assert.Equal(expected, actual);
            }
            r++;
        }
    }

    [Fact]
    public void Json_numbers_are_json_numbers_and_params_keep_their_type()
    {
        var board = Build("trials");
        using var doc = JsonDocument.Parse(BoardRenderer.Render(board, BoardFormat.Json));
        var first = doc.RootElement[0];
        Assert.Equal(JsonValueKind.Number, first.GetProperty("rank").ValueKind);
        Assert.Equal(JsonValueKind.Number, first.GetProperty("lr").ValueKind);
        Assert.Equal(JsonValueKind.String, first.GetProperty("schedule.shape").ValueKind);
        Assert.Equal(0.8123456789012345, first.GetProperty("val_acc").GetDouble());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("reason").ValueKind);
    }

    /// <summary>Reads a CSV field back as the type of the cell it came from.</summary>
    private static object? Typed(string field, object? like) => like switch
    {
        null => field.Length == 0 ? null : field,
        long => long.Parse(field, CultureInfo.InvariantCulture),
        double => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture),
        bool => bool.Parse(field),
        _ => field,
    };
}
