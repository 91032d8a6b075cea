namespace CoToSweep.Domain.Analyses;

/// <summary>The analysis kinds there are, in planning order (prune after shapley: its Shapley order reads the values).</summary>
public static class AnalysisKinds
{
    public static readonly ShapleyAnalysis Shapley = new();
    public static readonly MergeAnalysis Merge = new();
    public static readonly PruneAnalysis Prune = new();
    public static readonly CorruptionAnalysis Corruption = new();

    public static IReadOnlyList<IAnalysisKind> All { get; } = [Shapley, Merge, Prune, Corruption];

    public static IAnalysisKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    public static IAnalysisKind Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"unknown analysis kind '{name}' (written by a newer version?)");
}
