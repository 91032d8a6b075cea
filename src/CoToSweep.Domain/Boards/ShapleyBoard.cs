using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// The <c>shapley</c> board: one row per adapter group of each analysed trial (best trial first), groups ranked by
/// how much they help the metric (largest φ first; for a loss, most negative first). Per group: φ, its standard
/// error and 95% interval, and its share of Σ|φ|. Per analysis, repeated on its rows so that every format keeps
/// them: status, method, distinct evaluations, samples per player, balance (share of Σ|φ| held by the top 1 and
/// top 3 groups, Gini of |φ|) and the efficiency check Σφ against v(N) − v(∅). A running analysis shows the
/// estimate of the units merged so far. <c>--top N</c> keeps the N best groups of each analysis.
/// </summary>
public static class ShapleyBoard
{
    private const double Z = 1.96;

    private static readonly (string Name, ColumnKind Kind, bool Numeric)[] Layout =
    [
        ("trial", ColumnKind.Text, false), ("rank", ColumnKind.Number, true), ("group", ColumnKind.Text, false),
        ("phi", ColumnKind.Metric, true), ("std_error", ColumnKind.Metric, true), ("ci_low", ColumnKind.Metric, true),
        ("ci_high", ColumnKind.Metric, true), ("share", ColumnKind.Metric, true), ("status", ColumnKind.Text, false),
        ("method", ColumnKind.Text, false), ("evaluations", ColumnKind.Number, true), ("samples", ColumnKind.Number, true),
        ("top1_share", ColumnKind.Metric, true), ("top3_share", ColumnKind.Metric, true), ("gini", ColumnKind.Metric, true),
        ("sum_phi", ColumnKind.Metric, true), ("full_minus_empty", ColumnKind.Metric, true), ("efficiency_gap", ColumnKind.Metric, true),
        ("reason", ColumnKind.Text, false),
    ];

    public static Board Build(SweepState state, BoardOptions options)
    {
        var spec = state.Spec?.Analysis?.Shapley;
        var trialRank = state.Ranked().Select((t, i) => (t.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var analyses = state.AnalysesInOrder.Where(a => a.Kind == ShapleyAnalysis.KindName).OrderBy(a => trialRank.GetValueOrDefault(a.TrialId, int.MaxValue)).ToList();
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var a in analyses) rows.AddRange(Rows(state, spec!, a, options.Top));
        var columns = Layout.Select(c => new BoardColumn(c.Name, c.Kind, c.Numeric)).ToList();
        return new Board(BoardKinds.Shapley.Name, Title(spec, analyses), columns, rows);
    }

    private static IEnumerable<IReadOnlyList<object?>> Rows(SweepState state, ShapleyAnalysisSpec spec, AnalysisRecord a, int? top)
    {
        var status = a.Status.ToString().ToLowerInvariant();
        var result = a.Result as ShapleyResult;
        var estimate = result is { } r
            ? new ShapleyEstimate(r.Method, r.Values, r.StdErrors, r.Evaluations, r.SamplesPerPlayer, r.Units)
            : a.Status == AnalysisStatus.Running ? ShapleyAnalysis.EstimateOf(state, a) : null;
        var reason = result?.StopReason ?? a.Reason;
        if (estimate is null || estimate.Units == 0)
        {
            // Nothing merged yet (or failed before): one row that says so.
            yield return Row(a.TrialId, null, null, null, status, spec.Method, a.Values.Count, null, null, reason);
            yield break;
        }
        var full = Coalitions.Grand(a.Groups.Count);
        var grand = result?.GrandValue ?? ShapleyAnalysis.ValueOf(state, a, full);
        var empty = result?.EmptyValue ?? ShapleyAnalysis.ValueOf(state, a, 0UL);
        var balance = ShapleyBalance.Of(a.Groups, estimate, grand, empty, [1, 3], Z);
        var total = estimate.Values.Sum(Math.Abs);
        var lowerIsBetter = spec.Metric.EndsWith("_loss", StringComparison.Ordinal);
        var order = Enumerable.Range(0, a.Groups.Count)
            .OrderBy(i => lowerIsBetter ? estimate.Values[i] : -estimate.Values[i]).ThenBy(i => i).Take(top ?? int.MaxValue);
        var rank = 0;
        foreach (var i in order)
        {
            var (phi, se) = (estimate.Values[i], estimate.StdErrors[i]);
            yield return Row(a.TrialId, ++rank, a.Groups[i], [phi, se, phi - Z * se, phi + Z * se, total > 0 ? phi / total : double.NaN],
                status, estimate.Method, result?.Evaluations ?? a.Values.Count, estimate.Method == "exact" ? null : estimate.SamplesPerPlayer,
                balance, reason);
        }
    }

    private static IReadOnlyList<object?> Row(string trial, int? rank, string? group, double[]? figures, string status, string method,
        long evaluations, long? samples, ShapleyBalance? balance, string? reason)
    {
        var cells = new List<object?> { trial, rank is { } k ? (long)k : null, group };
        cells.AddRange(figures is null ? [null, null, null, null, null] : figures.Select(Cell));
        cells.AddRange([status, method, evaluations, samples]);
        cells.AddRange(balance is null
            ? [null, null, null, null, null, null]
            : [Cell(balance.TopShares[0].Share), Cell(balance.TopShares[1].Share), Cell(balance.Gini), Cell(balance.SumOfValues),
               Cell(balance.GrandMinusEmpty), Cell(balance.EfficiencyGap)]);
        cells.Add(reason);
        return cells;
    }

    /// <summary>NaN (an error not known yet, a missing v(N)) is an empty cell, not a number.</summary>
    private static object? Cell(double v) => double.IsNaN(v) ? null : v;

    private static string Title(ShapleyAnalysisSpec? spec, IReadOnlyList<AnalysisRecord> analyses) => spec is null
        ? "Shapley values of adapter groups: this sweep has no analysis.shapley"
        : $"Shapley values of adapter groups on {spec.Metric} ({spec.Method}, 95% intervals): {analyses.Count} analyses, " +
          $"{analyses.Count(a => a.Status == AnalysisStatus.Completed)} completed, {analyses.Count(a => a.Status == AnalysisStatus.Running)} running, " +
          $"{analyses.Count(a => a.Status == AnalysisStatus.Failed)} failed";
}
