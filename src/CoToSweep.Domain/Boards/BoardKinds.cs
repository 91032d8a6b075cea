using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>A board the <c>leaderboard</c> verb can show: its name, a line of help, and how to build it.</summary>
public sealed record BoardKind(string Name, string Description, Func<SweepState, BoardOptions, Board> Build);

/// <summary>The boards there are. A new board (merge, prune, shapley) is one more entry here and one builder.</summary>
public static class BoardKinds
{
    public static readonly BoardKind Trials = new("trials", "one row per trial, ranked by the objective", TrialsBoard.Build);

    public static readonly BoardKind Configs = new("configs",
        "one row per configuration, seeds collapsed: n, mean, std and a 95% interval, ranked by the objective's mean",
        ConfigsBoard.Build);

    public static readonly BoardKind Shapley = new("shapley",
        "one row per adapter group of each analysed trial: φ ± 95% interval, share, balance (top-k share, Gini) and the efficiency check",
        ShapleyBoard.Build);

    public static IReadOnlyList<BoardKind> All { get; } = [Trials, Configs, Shapley];

    /// <summary>Boards in the command-line contract that are not built yet: the CLI says "not supported yet".</summary>
    public static IReadOnlyList<string> NotYet { get; } = ["merge", "prune"];

    public static BoardKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
