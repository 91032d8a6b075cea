using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>Reads <c>analysis.prune</c>.</summary>
internal static class PruneReader
{
    private static readonly string[] Keys = ["orders", "ratios", "draws", "sparsities", "scope", "seed", "metric", "top_k"];

    public static PruneAnalysisSpec? Read(YNode node, SpecNodes nodes)
    {
        var before = nodes.Problems.Count;
        var map = node is YScalar { IsNull: true } ? null : nodes.Mapping(node, "analysis.prune");
        if (map is null && nodes.Problems.Count > before) return null;
        if (map is not null) nodes.CheckKeys(map, "analysis.prune", Keys);
        var orders = AnalysisLists.Names(map?["orders"], "analysis.prune.orders", nodes, PruneAnalysisSpec.OrderNames, ["random", "everyother"],
            allowEmpty: true);
        var ratios = AnalysisLists.Fractions(map?["ratios"], "analysis.prune.ratios", nodes, PruneAnalysisSpec.DefaultRatios)!;
        var draws = nodes.Integer(map?["draws"], "analysis.prune.draws", 1) ?? PruneAnalysisSpec.DefaultDraws;
        var sparsities = AnalysisLists.Fractions(map?["sparsities"], "analysis.prune.sparsities", nodes, PruneAnalysisSpec.DefaultSparsities, emptyMeansNone: true)!;
        var scopes = AnalysisLists.Names(map?["scope"], "analysis.prune.scope", nodes, PruneAnalysisSpec.ScopeNames, ["layer"]);
        var seed = nodes.Integer(map?["seed"], "analysis.prune.seed", 0) ?? 0;
        var topK = nodes.Integer(map?["top_k"], "analysis.prune.top_k", 1);
        var metric = AnalysisReader.Metric(map, "analysis.prune", nodes);
        if (orders.Count == 0 && sparsities.Count == 0 && nodes.Problems.Count == before)
            nodes.Add(map!["orders"]!.At, "analysis.prune has no orders and no sparsities: nothing to prune");
        if (nodes.Problems.Count > before) return null;
        return new PruneAnalysisSpec(orders, ratios, (int)Math.Min(draws, 1000), sparsities, scopes, seed, metric,
            topK is null ? null : (int)Math.Min(topK.Value, 1_000_000));
    }
}
