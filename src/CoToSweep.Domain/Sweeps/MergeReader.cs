using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>Reads <c>analysis.merge</c>; keys that belong to the other <c>across</c> are refused, not ignored.</summary>
internal static class MergeReader
{
    private static readonly string[] Common = ["across", "metric", "seed"];
    private static readonly string[] SeedKeys = ["space", "lambdas", "max_pairs"];
    private static readonly string[] TaskKeys = ["methods", "scale", "density", "drop_rate"];

    public static MergeAnalysisSpec? Read(YNode node, SpecNodes nodes)
    {
        var before = nodes.Problems.Count;
        var map = node is YScalar { IsNull: true } ? null : nodes.Mapping(node, "analysis.merge");
        if (map is null && nodes.Problems.Count > before) return null;
        if (map is not null) nodes.CheckKeys(map, "analysis.merge", [.. Common, .. SeedKeys, .. TaskKeys]);
        var across = nodes.String(map?["across"], "analysis.merge.across") ?? "seeds";
        if (!MergeAnalysisSpec.AcrossValues.Contains(across))
            nodes.Add(map!["across"]!.At, $"analysis.merge.across must be seeds or tasks, not '{across}'");
        var other = across == "seeds" ? TaskKeys : across == "tasks" ? SeedKeys : [];
        foreach (var key in other.Where(k => map?[k] is not null))
            nodes.Add(AnalysisLists.KeyAt(map!, key), $"analysis.merge.{key} applies to across: {(across == "seeds" ? "tasks" : "seeds")}, not across: {across}");

        var space = nodes.String(map?["space"], "analysis.merge.space") ?? "delta";
        if (!MergeAnalysisSpec.Spaces.Contains(space)) nodes.Add(map!["space"]!.At, $"analysis.merge.space must be delta or factors, not '{space}'");
        var lambdas = AnalysisLists.Fractions(map?["lambdas"], "analysis.merge.lambdas", nodes, MergeAnalysisSpec.DefaultLambdas)!;
        var maxPairs = nodes.Integer(map?["max_pairs"], "analysis.merge.max_pairs", 1);
        var methods = AnalysisLists.Names(map?["methods"], "analysis.merge.methods", nodes, MergeAnalysisSpec.MethodNames, MergeAnalysisSpec.MethodNames);
        var scale = nodes.Number(map?["scale"], "analysis.merge.scale") ?? MergeAnalysisSpec.DefaultScale;
        var density = nodes.Number(map?["density"], "analysis.merge.density") ?? MergeAnalysisSpec.DefaultDensity;
        if (density is <= 0 or > 1) nodes.Add(map!["density"]!.At, $"analysis.merge.density must be in (0, 1], not {density}");
        var drop = nodes.Number(map?["drop_rate"], "analysis.merge.drop_rate") ?? MergeAnalysisSpec.DefaultDropRate;
        if (drop is < 0 or >= 1) nodes.Add(map!["drop_rate"]!.At, $"analysis.merge.drop_rate must be in [0, 1), not {drop}");
        var seed = nodes.Integer(map?["seed"], "analysis.merge.seed", 0) ?? 0;
        var metric = AnalysisReader.Metric(map, "analysis.merge", nodes);
        if (nodes.Problems.Count > before) return null;
        return new MergeAnalysisSpec(across, space, lambdas, maxPairs is null ? null : (int)Math.Min(maxPairs.Value, 100_000), methods,
            scale, density, drop, seed, metric);
    }

    /// <summary>The refusal when the planned trials can form no merge group (null: some group has two or more members).</summary>
    public static string? CheckGroups(MergeAnalysisSpec merge, SweepSpec spec, IReadOnlyList<PlannedTrial> plan)
    {
        if (merge.Across == "seeds")
            return spec.Search.Seeds is { Count: >= 2 } ? null
                : "analysis.merge across seeds needs two or more search.seeds (each configuration is trained once per seed and its seeds' adapters are merged)";
        var groups = plan.GroupBy(t => (t.Seed, MergeAnalysis.WithoutTask(t.Params)));
        return groups.Any(g => g.Select(t => (t.Params.TryGetValue("task", out var task) ? task.ToString() : "")).Distinct().Count() >= 2) ? null
            : "analysis.merge across tasks needs trials that differ only in their task (put two or more values of 'task' in search.space)";
    }
}
