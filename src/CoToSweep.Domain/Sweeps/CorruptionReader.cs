using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>Reads <c>analysis.corruption</c>.</summary>
internal static class CorruptionReader
{
    private static readonly string[] Keys = ["replace_sigma", "rescale", "seed", "top_k"];

    public static CorruptionAnalysisSpec? Read(YNode node, SpecNodes nodes)
    {
        var before = nodes.Problems.Count;
        var map = node is YScalar { IsNull: true } ? null : nodes.Mapping(node, "analysis.corruption");
        if (map is null && nodes.Problems.Count > before) return null;
        if (map is not null) nodes.CheckKeys(map, "analysis.corruption", Keys);
        var sigma = Numbers(map?["replace_sigma"], "analysis.corruption.replace_sigma", nodes, CorruptionAnalysisSpec.DefaultReplaceSigma, 0);
        var rescale = Numbers(map?["rescale"], "analysis.corruption.rescale", nodes, CorruptionAnalysisSpec.DefaultRescale, 0);
        var seed = nodes.Integer(map?["seed"], "analysis.corruption.seed", 0) ?? 0;
        var topK = nodes.Integer(map?["top_k"], "analysis.corruption.top_k", 1);
        if (sigma.Count + rescale.Count == 0 && nodes.Problems.Count == before)
            nodes.Add(AnalysisLists.KeyAt(map!, "rescale"), "analysis.corruption has no replace_sigma and no rescale: nothing to corrupt");
        if (nodes.Problems.Count > before) return null;
        return new CorruptionAnalysisSpec(sigma, rescale, seed, topK is null ? null : (int)Math.Min(topK.Value, 1_000_000));
    }

    /// <summary>Numbers at least <paramref name="min"/> (a list, or one number), in the order given, without repeats.</summary>
    private static IReadOnlyList<double> Numbers(YNode? node, string what, SpecNodes nodes, IReadOnlyList<double> fallback, double min)
    {
        if (node is null) return fallback;
        var values = new List<double>();
        foreach (var item in node is YSequence seq ? seq.Items : [node])
        {
            if (nodes.Number(item, what) is not { } v) continue;
            if (v < min) nodes.Add(item.At, $"{what} must be at least {min}, not {v}");
            else if (values.Contains(v)) nodes.Add(item.At, $"{what} lists {v} twice");
            else values.Add(v);
        }
        return values;
    }
}
