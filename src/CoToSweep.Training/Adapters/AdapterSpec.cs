using CoToSweep.Domain.Sweeps.Kinds;

namespace CoToSweep.Training.Adapters;

/// <summary>Which adapter, its rank and alpha, and which projections carry one.</summary>
public sealed record AdapterSpec(string Method = "lora", int Rank = 4, double Alpha = 8, IReadOnlyList<string>? Targets = null)
{
    // One source, the kind's registration in Domain (KindListTests checks AdapterFactory builds each method).
    public static IReadOnlyList<string> Methods => CotoKind.Methods;
    public static IReadOnlyList<string> AllTargets => CotoKind.Targets;

    public IReadOnlyList<string> TargetList => Targets ?? AllTargets;

    /// <summary>LoRA and HiRA scale by α/r, rsLoRA by α/√r (rank-stabilised); DoRA uses LoRA's α/r for its direction update.</summary>
    public double Scale => Method == "rslora" ? Alpha / Math.Sqrt(Rank) : Alpha / Rank;

    public void Validate()
    {
        if (!Methods.Contains(Method)) throw new ArgumentException($"unknown adapter.method '{Method}' (one of {string.Join(", ", Methods)})");
        if (Rank < 1) throw new ArgumentException($"adapter.rank must be at least 1, not {Rank}");
        if (TargetList.Count == 0) throw new ArgumentException("adapter.targets is empty");
        foreach (var t in TargetList)
            if (!AllTargets.Contains(t)) throw new ArgumentException($"unknown adapter target '{t}' (one of q, k, v, o)");
        if (TargetList.Distinct().Count() != TargetList.Count) throw new ArgumentException("adapter.targets lists a projection twice");
    }
}
