using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>Reads <c>search.tpe</c>: TPE's options, each defaulting to Optuna's (see <see cref="TpeOptions"/>).</summary>
internal static class TpeReader
{
    private static readonly string[] Keys = ["n_startup_trials", "gamma", "prior_weight", "n_ei_candidates", "multivariate", "constant_liar"];
    private static readonly Dictionary<string, bool> Booleans = new() { ["true"] = true, ["false"] = false };

    public static TpeOptions? Read(YNode? node, string algorithm, SpecNodes nodes)
    {
        if (node is null) return null;
        if (algorithm != "tpe")
        {
            nodes.Add(node.At, $"search.tpe is for algorithm tpe, not {algorithm}");
            return null;
        }
        var map = nodes.Mapping(node, "search.tpe");
        if (map is null) return null;
        nodes.CheckKeys(map, "search.tpe", Keys);
        var d = TpeOptions.Default;
        var gamma = nodes.Number(map["gamma"], "search.tpe.gamma") ?? d.Gamma;
        if (gamma is <= 0 or > 1) nodes.Add(map["gamma"]!.At, $"search.tpe.gamma must be in (0, 1], not {ParamValue.FormatNumber(gamma)}");
        var prior = nodes.Number(map["prior_weight"], "search.tpe.prior_weight") ?? d.PriorWeight;
        if (prior <= 0) nodes.Add(map["prior_weight"]!.At, "search.tpe.prior_weight must be positive");
        return new TpeOptions(
            (int)Math.Min(nodes.Integer(map["n_startup_trials"], "search.tpe.n_startup_trials", 0) ?? d.StartupTrials, 1_000_000),
            gamma, prior,
            (int)Math.Min(nodes.Integer(map["n_ei_candidates"], "search.tpe.n_ei_candidates", 1) ?? d.Candidates, 10_000),
            nodes.Enum(map["multivariate"], "search.tpe.multivariate", Booleans) ?? d.Multivariate,
            nodes.Enum(map["constant_liar"], "search.tpe.constant_liar", Booleans) ?? d.ConstantLiar);
    }
}
