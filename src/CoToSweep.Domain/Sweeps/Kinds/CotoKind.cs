using static CoToSweep.Domain.Sweeps.Kinds.KindChecks;

namespace CoToSweep.Domain.Sweeps.Kinds;

/// <summary>
/// What the validator and the runner know about the built-in <c>coto</c> trial kind: its parameters (dotted names)
/// with defaults, the metrics it reports, and cheap checks of parameter values.
/// </summary>
public static class CotoKind
{
    public const string Name = "coto";

    public static readonly IReadOnlyList<string> Tasks = ["fmnist", "fmnist-rotated", "fmnist-inverted", "fmnist-tiles", "fmnist-flipped"];
    public static readonly IReadOnlyList<string> Methods = ["lora", "rslora", "dora", "hira"];
    public static readonly IReadOnlyList<string> Shapes = ["constant", "linear", "cosine", "exponential", "sine", "step"];
    public static readonly IReadOnlyList<string> Orders = ["uniform", "high-first", "low-first"];
    public static readonly IReadOnlyList<string> Granularities = ["layer", "module"];
    public static readonly IReadOnlyList<string> Targets = ["q", "k", "v", "o"];
    public static readonly IReadOnlyList<string> LrSchedules = ["cosine", "constant"];

    /// <summary>Every accepted parameter with its default (the paper's schedule: linear 0 → 1 over 3/4 of training).</summary>
    public static readonly IReadOnlyDictionary<string, ParamValue> Defaults = new Dictionary<string, ParamValue>
    {
        ["task"] = ParamValue.Of("fmnist-rotated"),
        ["steps"] = ParamValue.Of(300L),
        ["lr"] = ParamValue.Of(5e-3),
        ["lr_schedule"] = ParamValue.Of("cosine"),
        ["batch_size"] = ParamValue.Of(32L),
        ["weight_decay"] = ParamValue.Of(0.01),
        ["eval_every"] = ParamValue.Of(50L),
        ["train_size"] = ParamValue.Of(0L),
        ["val_size"] = ParamValue.Of(500L),
        ["test_size"] = ParamValue.Of(1000L),
        ["train_head"] = ParamValue.Of(false),
        ["adapter.method"] = ParamValue.Of("lora"),
        ["adapter.rank"] = ParamValue.Of(4L),
        ["adapter.alpha"] = ParamValue.Of(8.0),
        ["adapter.targets"] = ParamValue.Of("q,k,v,o"),
        ["schedule.shape"] = ParamValue.Of("linear"),
        ["schedule.p_start"] = ParamValue.Of(0.0),
        ["schedule.p_end"] = ParamValue.Of(1.0),
        ["schedule.ramp_fraction"] = ParamValue.Of(0.75),
        ["schedule.sharpness"] = ParamValue.Of(5.0),
        ["schedule.stages"] = ParamValue.Of(4L),
        ["schedule.order"] = ParamValue.Of("uniform"),
        ["schedule.order_strength"] = ParamValue.Of(1.0),
        ["schedule.granularity"] = ParamValue.Of("layer"),
        ["base.patch_size"] = ParamValue.Of(4L),
        ["base.depth"] = ParamValue.Of(6L),
        ["base.width"] = ParamValue.Of(64L),
        ["base.heads"] = ParamValue.Of(4L),
        ["base.mlp_hidden"] = ParamValue.Of(128L),
        ["base.pretrain_steps"] = ParamValue.Of(400L),
        ["base.pretrain_batch"] = ParamValue.Of(64L),
        ["base.pretrain_lr"] = ParamValue.Of(3e-3),
        ["base.seed"] = ParamValue.Of(0L),
    };

    public static readonly IReadOnlySet<string> Params = Defaults.Keys.ToHashSet();

    public static readonly IReadOnlySet<string> Metrics = new HashSet<string>
    {
        "val_acc", "val_loss", "test_acc", "test_loss", "ood_acc", "ood_loss", "train_loss", "base_val_acc",
        "active_fraction", "p", "wall_seconds", "steps_per_second", "step",
    };

    /// <summary>The lists of allowed words, by parameter (adapter.targets: the words of its comma-separated list).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Allowed = new Dictionary<string, IReadOnlyList<string>>
    {
        ["task"] = Tasks, ["adapter.method"] = Methods, ["adapter.targets"] = Targets, ["schedule.shape"] = Shapes,
        ["schedule.order"] = Orders, ["schedule.granularity"] = Granularities, ["lr_schedule"] = LrSchedules,
    };

    public static readonly TrialKind Kind = new(Name, true, Metrics, Params,
        "built-in CoTo adapter trainer (TorchSharp ViT on Fashion-MNIST tasks)") { CheckValues = Check, Groups = AdapterGroups, AllowedValues = Allowed };

    /// <summary>
    /// The trained model's adapter groups in mask order: <c>layer0</c>… (granularity layer) or <c>layer0.q</c>…
    /// (module: layer-major, projections in <c>adapter.targets</c> order), as the trainer names them.
    /// </summary>
    public static IReadOnlyList<string> AdapterGroups(IReadOnlyDictionary<string, ParamValue> given)
    {
        var p = WithDefaults(given);
        var depth = (int)p["base.depth"].AsDouble();
        var targets = p["adapter.targets"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return p["schedule.granularity"].ToString() == "module"
            ? Enumerable.Range(0, depth).SelectMany(l => targets.Select(t => $"layer{l}.{t}")).ToArray()
            : Enumerable.Range(0, depth).Select(l => $"layer{l}").ToArray();
    }

    /// <summary>Defaults overlaid with the given values (unknown names are kept for <see cref="Check"/> to report).</summary>
    public static Dictionary<string, ParamValue> WithDefaults(IReadOnlyDictionary<string, ParamValue> given) => KindChecks.WithDefaults(Defaults, given);

    /// <summary>Checks parameter values; returns one line describing the first problem, or null when all are fine.</summary>
    public static string? Check(IReadOnlyDictionary<string, ParamValue> given)
    {
        if (Unknown(given, Params, Name) is { } unknown) return unknown;
        var p = WithDefaults(given);
        return OneOf(p, "task", Tasks) ?? OneOf(p, "adapter.method", Methods) ?? OneOf(p, "schedule.shape", Shapes)
            ?? OneOf(p, "schedule.order", Orders) ?? OneOf(p, "schedule.granularity", Granularities)
            ?? OneOf(p, "lr_schedule", LrSchedules) ?? CheckTargets(p["adapter.targets"].ToString())
            ?? Range(p, "steps", 1, 10_000_000) ?? Range(p, "batch_size", 1, 100_000) ?? Range(p, "eval_every", 1, 10_000_000)
            ?? Range(p, "adapter.rank", 1, 4096) ?? Positive(p, "lr") ?? Range(p, "weight_decay", 0, 100)
            ?? Range(p, "schedule.p_start", 0, 1) ?? Range(p, "schedule.p_end", 0, 1) ?? Range(p, "schedule.ramp_fraction", 0, 1)
            ?? Range(p, "schedule.stages", 1, 1000) ?? Range(p, "schedule.order_strength", 0, 1000)
            ?? Range(p, "train_size", 0, 10_000_000) ?? Range(p, "val_size", 1, 10_000_000) ?? Range(p, "test_size", 1, 10_000_000)
            ?? Range(p, "base.depth", 1, 64) ?? Range(p, "base.width", 1, 4096) ?? Range(p, "base.heads", 1, 64)
            ?? Range(p, "base.mlp_hidden", 1, 16384) ?? Range(p, "base.pretrain_steps", 1, 10_000_000)
            ?? Range(p, "base.pretrain_batch", 1, 100_000) ?? Positive(p, "base.pretrain_lr")
            ?? (p["schedule.sharpness"].AsDouble() == 0 ? "schedule.sharpness must not be 0" : null)
            ?? (new long[] { 1, 2, 4, 7, 14 }.Contains((long)p["base.patch_size"].AsDouble()) ? null : "base.patch_size must divide 28 (1, 2, 4, 7 or 14)")
            ?? ((long)p["base.width"].AsDouble() % Math.Max(1, (long)p["base.heads"].AsDouble()) == 0 ? null : "base.width must be divisible by base.heads");
    }

    private static string? CheckTargets(string targets)
    {
        var list = targets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (list.Length == 0) return "adapter.targets is empty";
        var bad = list.FirstOrDefault(t => !Targets.Contains(t));
        if (bad is not null) return $"adapter.targets: unknown projection '{bad}' (q, k, v, o)";
        return list.Distinct().Count() == list.Length ? null : "adapter.targets lists a projection twice";
    }
}
