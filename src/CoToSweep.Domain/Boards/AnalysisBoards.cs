using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>What the merge and prune boards share: their analyses, parameter cells, statistics columns and ranking.</summary>
internal static class AnalysisBoards
{
    public static readonly string[] StatSuffixes = ["_mean", "_std", "_ci95_low", "_ci95_high"];

    /// <summary>The analyses of one kind, in planning order.</summary>
    public static List<AnalysisRecord> Of(SweepState state, string kind) => state.AnalysesInOrder.Where(a => a.Kind == kind).ToList();

    /// <summary>Adds <c>&lt;name&gt;_mean, _std, _ci95_low, _ci95_high</c>.</summary>
    public static void AddStats(ColumnSet columns, string name)
    {
        foreach (var suffix in StatSuffixes) columns.Add(name + suffix, ColumnKind.Metric, true);
    }

    public static IEnumerable<object?> StatCells(IEnumerable<double> values)
    {
        var s = SampleStats.Of(values.Where(v => !double.IsNaN(v)).ToList());
        return [s.Mean, s.Std, s.Ci95Low, s.Ci95High];
    }

    /// <summary>NaN (a value not measured) is an empty cell.</summary>
    public static object? Cell(double v) => double.IsNaN(v) ? null : v;

    /// <summary>Builds the board: rows ranked by <paramref name="score"/> (larger first), <c>rank</c> prepended as the first cell.</summary>
    public static Board Ranked<T>(string kind, string title, ColumnSet columns, IReadOnlyList<T> items, Func<T, double?> score,
        Func<T, IEnumerable<object?>> cells, BoardOptions options)
    {
        var rows = Ranking.Rank(items, score, Direction.Maximize, top: options.Top)
            .Select(r => (IReadOnlyList<object?>)new object?[] { r.Rank is { } k ? (long)k : null }.Concat(cells(r.Item)).ToList()).ToList();
        return new Board(kind, title, columns.Columns, rows);
    }

    public static string Status(AnalysisRecord a) => a.Status.ToString().ToLowerInvariant();
}
