using CoToSweep.Domain.Stopping;
using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>Reads <c>early_stopping: { rule: median | asha, … }</c>.</summary>
internal static class EarlyStoppingReader
{
    private static readonly Dictionary<string, string[]> KeysByRule = new()
    {
        ["median"] = ["rule", "grace_steps", "min_trials"],
        ["asha"] = ["rule", "grace_steps", "reduction", "max_steps"],
    };

    public static EarlyStoppingSpec? Read(YNode? node, SpecNodes nodes)
    {
        var map = nodes.Mapping(node, "early_stopping");
        if (map is null) return null;
        var before = nodes.Problems.Count;
        var rule = nodes.String(map["rule"], "early_stopping.rule", required: true, parent: map.At);
        if (rule is null) return null;
        if (StoppingRules.Find(rule) is null)
        {
            nodes.Add(map["rule"]!.At, $"early_stopping.rule must be {string.Join(" or ", StoppingRules.All.Select(r => r.Name))}, not '{rule}'");
            return null;
        }
        nodes.CheckKeys(map, $"early_stopping (rule {rule})", KeysByRule[rule]);
        var d = new EarlyStoppingSpec(rule);
        var grace = nodes.Integer(map["grace_steps"], "early_stopping.grace_steps", rule == "asha" ? 1 : 0) ?? (rule == "asha" ? 1 : 0);
        var minTrials = nodes.Integer(map["min_trials"], "early_stopping.min_trials", 1) ?? d.MinTrials;
        var reduction = nodes.Integer(map["reduction"], "early_stopping.reduction", 2) ?? d.Reduction;
        var maxSteps = nodes.Integer(map["max_steps"], "early_stopping.max_steps", 1);
        if (rule == "asha" && map["max_steps"] is null)
            nodes.Add(map.At, "early_stopping.max_steps is required for asha (the steps a trial runs at most)");
        if (maxSteps is not null && maxSteps <= grace)
            nodes.Add(map["max_steps"]!.At, $"early_stopping.max_steps ({maxSteps}) must be above grace_steps ({grace})");
        return nodes.Problems.Count > before ? null
            : new EarlyStoppingSpec(rule, grace, (int)Math.Min(minTrials, 100_000), (int)Math.Min(reduction, 1000), maxSteps);
    }
}
