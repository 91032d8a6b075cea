using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>Reads the <c>analysis</c> block: <c>shapley</c>, <c>merge</c>, <c>prune</c> and <c>corruption</c> (the last three in their own readers).</summary>
internal static class AnalysisReader
{
    private static readonly string[] Keys = ["shapley", "merge", "prune", "corruption"];
    private static readonly string[] NotYet = [];
    private static readonly string[] ShapleyKeys =
        ["method", "samples", "seed", "target_half_width", "max_evaluations", "top_k", "metric", "unit_draws"];

    /// <summary>Exact enumeration beyond this many groups is refused: 2^16 masked evaluations is already hours of work.</summary>
    public const int MaxExactPlayers = 16;

    public static AnalysisSpec? Read(YNode? node, SpecNodes nodes, string? kind)
    {
        if (node is null) return null;
        var map = nodes.Mapping(node, "analysis");
        if (map is null) return null;
        nodes.CheckKeys(map, "analysis", Keys.Concat(NotYet).ToArray(), NotYet);
        var shapley = map["shapley"] is { } s ? ReadShapley(s, AnalysisLists.KeyAt(map, "shapley"), nodes, kind) : null;
        var merge = map["merge"] is { } m ? MergeReader.Read(m, nodes) : null;
        var prune = map["prune"] is { } p ? PruneReader.Read(p, nodes) : null;
        var corruption = map["corruption"] is { } c ? CorruptionReader.Read(c, nodes) : null;
        if (corruption is not null && kind is not null && kind != Kinds.NemesisKind.Name)
            nodes.Add(AnalysisLists.KeyAt(map, "corruption"), $"analysis.corruption needs a trial kind with a trained prompt (nemesis), not '{kind}'");
        foreach (var name in new[] { "merge", "prune" }.Where(n => map[n] is not null))
            if (kind is not null && TrialKinds.Find(kind) is { Groups: null })
                nodes.Add(AnalysisLists.KeyAt(map, name), $"analysis.{name} needs a trial kind with trained adapters (coto), not '{kind}'");
        if (prune is not null && prune.Orders.Contains("shapley") && map["shapley"] is null)
            nodes.Add(AnalysisLists.KeyAt(map, "prune"), "analysis.prune order 'shapley' needs analysis.shapley (it drops the groups with the lowest Shapley values first)");
        return new AnalysisSpec(shapley, merge, prune, corruption);
    }

    /// <summary>The <c>metric</c> key of an analysis block: a split and a measure the masked evaluation can give.</summary>
    public static string Metric(YMapping? map, string where, SpecNodes nodes)
    {
        var metric = nodes.String(map?["metric"], where + ".metric") ?? "val_acc";
        if (!ShapleyAnalysisSpec.Metrics.Contains(metric))
            nodes.Add(map!["metric"]!.At, $"{where}.metric must be one of {string.Join(", ", ShapleyAnalysisSpec.Metrics)}, not '{metric}'");
        return metric;
    }

    private static ShapleyAnalysisSpec? ReadShapley(YNode node, Position key, SpecNodes nodes, string? kind)
    {
        var before = nodes.Problems.Count;
        var map = node is YScalar { IsNull: true } ? null : nodes.Mapping(node, "analysis.shapley");
        if (map is null && nodes.Problems.Count > before) return null;
        if (map is not null) nodes.CheckKeys(map, "analysis.shapley", ShapleyKeys);
        if (kind is not null && TrialKinds.Find(kind) is { Groups: null })
            nodes.Add(key, $"analysis.shapley needs a trial kind whose adapter groups can be masked (coto), not '{kind}'");

        var method = nodes.String(map?["method"], "analysis.shapley.method") ?? ShapleyAnalysisSpec.DefaultMethod;
        if (ShapleyEstimators.Find(method) is null)
            nodes.Add(map!["method"]!.At, $"analysis.shapley.method must be one of {string.Join(", ", ShapleyEstimators.Names)}, not '{method}'");
        var samples = nodes.Integer(map?["samples"], "analysis.shapley.samples", 1) ?? ShapleyAnalysisSpec.DefaultSamples;
        var seed = nodes.Integer(map?["seed"], "analysis.shapley.seed", 0) ?? 0;
        var halfWidth = nodes.Number(map?["target_half_width"], "analysis.shapley.target_half_width");
        if (halfWidth is <= 0) nodes.Add(map!["target_half_width"]!.At, "analysis.shapley.target_half_width must be positive");
        var budget = nodes.Integer(map?["max_evaluations"], "analysis.shapley.max_evaluations", 1);
        var topK = nodes.Integer(map?["top_k"], "analysis.shapley.top_k", 1);
        var metric = Metric(map, "analysis.shapley", nodes);
        var unitDraws = nodes.Integer(map?["unit_draws"], "analysis.shapley.unit_draws", 1) ?? ShapleyAnalysisSpec.DefaultUnitDraws;
        if (nodes.Problems.Count > before) return null;
        return new ShapleyAnalysisSpec(ShapleyEstimators.Find(method)!.Method, (int)Math.Min(samples, 1_000_000), seed, halfWidth,
            budget, topK is null ? null : (int)Math.Min(topK.Value, 1_000_000), metric, (int)Math.Min(unitDraws, 1_000_000));
    }

    /// <summary>Checks the groups of a planned trial against the analysis (null: fine).</summary>
    public static string? CheckGroups(ShapleyAnalysisSpec shapley, IReadOnlyList<string> groups)
    {
        if (groups.Count > Coalitions.MaxPlayers)
            return $"analysis.shapley: {groups.Count} adapter groups, at most {Coalitions.MaxPlayers}";
        if (shapley.Method == "exact" && groups.Count > MaxExactPlayers)
            return $"analysis.shapley: exact needs 2^{groups.Count} evaluations for {groups.Count} adapter groups (at most {MaxExactPlayers} groups); use a sampling method";
        return null;
    }
}
