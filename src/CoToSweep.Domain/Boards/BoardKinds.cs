using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// A board the <c>leaderboard</c> verb can show: its name, a line of help, and how to build it; <see cref="FromOverview"/>
/// builds the same board from a sweep's overview when it can (null: it needs the full state).
/// </summary>
public sealed record BoardKind(string Name, string Description, Func<SweepState, BoardOptions, Board> Build)
{
    public Func<SweepOverview, BoardOptions, Board?> FromOverview { get; init; } = (_, _) => null;
}

/// <summary>The boards there are. A new board (merge, prune, shapley) is one more entry here and one builder.</summary>
public static class BoardKinds
{
    /// <summary>With <c>--top N</c> (up to <see cref="SweepOverview.TopCapacity"/>) from the overview: its rows are the best N.</summary>
    public static readonly BoardKind Trials = new("trials", "one row per trial, ranked by the objective", TrialsBoard.Build)
    {
        FromOverview = (o, options) => options.Top is { } n && o.Answers && o.HasTop(n) ? TrialsBoard.Build(o, options) : null,
    };

    public static readonly BoardKind Configs = new("configs",
        "one row per configuration, seeds collapsed: n, mean, std and a 95% interval, ranked by the objective's mean",
        ConfigsBoard.Build);

    public static readonly BoardKind Shapley = new("shapley",
        "one row per adapter group of each analysed trial: φ ± 95% interval, share, balance (top-k share, Gini) and the efficiency check",
        ShapleyBoard.Build);

    public static readonly BoardKind Merge = new("merge",
        "one row per merged pair of seeds (accuracy at λ = 0.5, barrier) or per merge method and task (merged and normalised accuracy)",
        MergeBoard.Build);

    public static readonly BoardKind MergeConfigs = new("merge-configs",
        "the merge board per configuration over its seeds: mean, std and a 95% interval", MergeConfigsBoard.Build);

    public static readonly BoardKind Prune = new("prune",
        "one row per pruning curve of each trial: accuracy unpruned, at half pruned, at each ratio or sparsity, and the normalised area",
        PruneBoard.Build);

    public static readonly BoardKind PruneConfigs = new("prune-configs",
        "the prune board per configuration and curve over its seeds: area and accuracy at half pruned, mean and 95% interval", PruneConfigsBoard.Build);

    public static readonly BoardKind Pareto = new("pareto",
        "completed trials by non-dominated front of the objectives, then crowding distance (several objectives)", ParetoBoard.Build);

    public static readonly BoardKind Importance = new("importance",
        "each searched parameter's (and pair's) share of the objective's variance: fANOVA of a random forest fitted to the completed trials",
        ImportanceBoard.Build);

    public static readonly BoardKind Corruption = new("corruption",
        "one row per trained prompt (nemesis): how often lowering a position's norm raised accuracy against how often raising it did",
        CorruptionBoard.Build);

    public static IReadOnlyList<BoardKind> All { get; } = [Trials, Configs, Pareto, Importance, Shapley, Merge, MergeConfigs, Prune, PruneConfigs, Corruption];

    /// <summary>Boards in the command-line contract that are not built yet: the CLI says "not supported yet".</summary>
    public static IReadOnlyList<string> NotYet { get; } = [];

    /// <summary>The analysis kind a board shows (null: the board is about trials), so a sweep without that analysis is told so.</summary>
    public static string? AnalysisOf(BoardKind kind) =>
        kind == Shapley ? "shapley" : kind == Merge || kind == MergeConfigs ? "merge" : kind == Prune || kind == PruneConfigs ? "prune"
        : kind == Corruption ? "corruption" : null;

    public static BoardKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
