using System.Globalization;
using System.Text.Json;
using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Tests.Analyses;

namespace CoToSweep.Domain.Tests.Boards;

/// <summary>
/// The analysis boards (shapley, merge, merge-configs, prune, prune-configs) on finished analyses parse back in every
/// format: CSV and JSON to the same cells, Markdown to the same readable text, and the table keeps every row.
/// </summary>
public sealed class AnalysisBoardExportTests
{
    private static readonly Lazy<KindSweep> Seeds = new(() => Finished(
        "  shapley: { method: exact }\n  merge: { across: seeds, lambdas: [0.5] }\n  prune: { orders: [shapley, everyother], sparsities: [0.5] }",
        "seeds: [0, 1, 2]\nspace:\n  lr: [0.01, 0.02]"));

    private static readonly Lazy<KindSweep> Tasks = new(() => Finished("  merge: { across: tasks }",
        "seeds: [0, 1]\nspace:\n  task: [fmnist-rotated, fmnist-inverted]"));

    private static KindSweep Finished(string analysis, string search)
    {
        var sweep = new KindSweep(analysis, search);
        Assert.Empty(sweep.Run(new Random(1), slots: 2));
        return sweep;
    }

    public static TheoryData<string, string> Boards => new()
    {
        { "seeds", "shapley" }, { "seeds", "merge" }, { "seeds", "merge-configs" }, { "seeds", "prune" }, { "seeds", "prune-configs" },
        { "tasks", "merge" }, { "tasks", "merge-configs" },
    };

    private static Board Build(string sweep, string kind) =>
        BoardKinds.Find(kind)!.Build((sweep == "seeds" ? Seeds : Tasks).Value.State, BoardOptions.Default);

    [Theory]
    [MemberData(nameof(Boards))]
    public void Every_format_parses_back(string sweep, string kind)
    {
        var board = Build(sweep, kind);
        Assert.NotEmpty(board.Rows);
        Assert.All(board.Rows, r => Assert.Contains(r, c => c is double));

        var csv = CsvReader.Read(BoardRenderer.Render(board, BoardFormat.Csv));
        Assert.Equal(board.Columns.Select(c => c.Name), csv[0]);
        for (var r = 0; r < board.Rows.Count; r++)
            Assert.Equal(board.Rows[r].Select(CellText.Exact), csv[r + 1]);

        using var json = JsonDocument.Parse(BoardRenderer.Render(board, BoardFormat.Json));
        Assert.Equal(board.Rows.Count, json.RootElement.GetArrayLength());
        for (var r = 0; r < board.Rows.Count; r++)
        {
            var row = json.RootElement[r];
            for (var c = 0; c < board.Columns.Count; c++)
            {
                var p = row.GetProperty(board.Columns[c].Name);
                Assert.Equal(board.Rows[r][c] switch
                {
                    null => JsonValueKind.Null, string => JsonValueKind.String, long or double => JsonValueKind.Number, _ => JsonValueKind.True,
                }, p.ValueKind is JsonValueKind.False ? JsonValueKind.True : p.ValueKind);
                if (board.Rows[r][c] is double d) Assert.Equal(d, p.GetDouble());
            }
        }

        var md = BoardRenderer.Render(board, BoardFormat.Md).TrimEnd('\n').Split('\n');
        Assert.Equal(board.Rows.Count + 2, md.Length);
        Assert.Equal(board.Columns.Select(c => c.Name), Cells(md[0]));
        for (var r = 0; r < board.Rows.Count; r++)
            Assert.Equal(board.Rows[r].Select(CellText.Readable), Cells(md[r + 2]));

        var table = BoardRenderer.Render(board, BoardFormat.Table);
        Assert.Contains(board.Title, table);
    }

    [Fact]
    public void Merge_rows_rank_by_accuracy_at_half_and_prune_rows_by_area()
    {
        var merge = Build("seeds", "merge");
        var half = merge.Rows.Select((_, r) => (double)merge.Cell(r, "acc_at_half")!).ToList();
        Assert.Equal(half.OrderByDescending(x => x), half);
        Assert.Equal(6, merge.Rows.Count);                 // 2 configurations × 3 pairs
        var prune = Build("seeds", "prune");
        var area = prune.Rows.Select((_, r) => (double)prune.Cell(r, "area")!).ToList();
        Assert.Equal(area.OrderByDescending(x => x), area);
        Assert.Equal(6 * 3, prune.Rows.Count);            // 6 trials × (shapley, everyother, magnitude layer)
        var configs = Build("seeds", "prune-configs");
        Assert.Equal(2 * 3, configs.Rows.Count);
        Assert.All(configs.Rows, r => Assert.Equal(3L, r[configs.IndexOf("n")]));
        Assert.Contains(PruneBoard.AccAt(0.5), prune.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Merge_configs_give_the_mean_and_interval_over_pairs()
    {
        var merge = Build("seeds", "merge");
        var configs = Build("seeds", "merge-configs");
        Assert.Equal(2, configs.Rows.Count);
        foreach (var row in configs.Rows)
        {
            var lr = (double)row[configs.IndexOf("lr")]!;
            var pairs = merge.Rows.Where(r => (double)r[merge.IndexOf("lr")]! == lr).Select(r => (double)r[merge.IndexOf("acc_at_half")]!).ToList();
            Assert.Equal(pairs.Average(), (double)row[configs.IndexOf("acc_at_half_mean")]!, 12);
            var low = (double)row[configs.IndexOf("acc_at_half_ci95_low")]!;
            var high = (double)row[configs.IndexOf("acc_at_half_ci95_high")]!;
            Assert.True(low < pairs.Average() && pairs.Average() < high);
        }
    }

    private static IReadOnlyList<string> Cells(string line) =>
        line.Trim().Trim('|').Split(" | ").Select(c => c.Trim().Replace("\\|", "|")).ToList();
}
