using CoToSweep.Domain.Importance;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// The <c>importance</c> board: how much of the objective's variance each searched parameter, and each pair, explains,
/// from a random forest fitted to the completed trials (<see cref="ForestFit"/>) and a functional ANOVA of it. Columns:
/// <c>rank, parameter, kind</c> (main or pair), <c>share</c>. The title gives the forest's fit (R² cross-validated and on
/// the fitted trials): a low R² means the shares explain little.
/// </summary>
public static class ImportanceBoard
{
    public const int MinTrials = 8;

    public static Board Build(SweepState state, BoardOptions options)
    {
        var columns = new ColumnSet();
        columns.Add("rank", ColumnKind.Number, true);
        columns.Add("parameter", ColumnKind.Text, false);
        columns.Add("kind", ColumnKind.Text, false);
        columns.Add("share", ColumnKind.Metric, true);
        var trials = state.TrialsInOrder.Where(t => t.Status == TrialStatus.Completed && t.Objective is { } v && double.IsFinite(v)).ToList();
        var features = state.Spec is null ? null : ParameterFeatures.Of(state.Spec.Search);
        if (features is null || features.Dimensions.Count == 0 || trials.Count < MinTrials)
            return new Board(BoardKinds.Importance.Name,
                $"{state.Id}: importance needs at least {MinTrials} completed trials with an objective and a searched parameter ({trials.Count} so far)",
                columns.Columns, [], ["share"]);

        var x = features.Rows(trials);
        var fit = new ForestFit(x, trials.Select(t => t.Objective!.Value).ToArray());
        var names = features.Dimensions.Select(d => d.Name).ToList();
        var rows = FunctionalAnova.Of(fit.Predict, x)
            .OrderByDescending(s => s.Fraction).ThenBy(s => s.Features.Count)
            .Take(options.Top ?? int.MaxValue)
            .Select((s, i) => (IReadOnlyList<object?>)[(long)(i + 1), string.Join(" × ", s.Features.Select(k => names[k])), s.Features.Count == 1 ? "main" : "pair", s.Fraction])
            .ToList();
        var cv = fit.CrossValidatedR2 is { } r2 ? $"R² {Fmt(r2)} ({fit.Folds}-fold), " : "";
        return new Board(BoardKinds.Importance.Name,
            $"{state.Id}: importance of the parameters for {state.Spec!.Objective.Metric} ({trials.Count} trials, forest of {ForestFit.Trees} trees, " +
            $"{cv}R² {Fmt(fit.TrainR2)} on the fitted trials): share of the variance",
            columns.Columns, rows, ["share"]);
    }

    private static string Fmt(double v) => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
}
