using System.Globalization;
using static CoToSweep.Domain.Sweeps.Kinds.KindChecks;

namespace CoToSweep.Domain.Sweeps.Kinds;

/// <summary>
/// What the validator and the runner know about the built-in <c>nemesis</c> trial kind (ALGORITHMS.md §2, §5): CoOp
/// soft prompts on a mini-CLIP with the Nemesis prompt-norm losses, under the authors' key names (<c>A</c>,
/// <c>norm_type</c>, <c>beta</c>, <c>np</c>, <c>cw</c>). <c>A = 0</c> is plain CoOp.
/// </summary>
public static class NemesisKind
{
    public const string Name = "nemesis";

    /// <summary>Context vectors at most: per-position norms are metrics <c>norm_pos0</c> … <c>norm_pos{MaxContext − 1}</c>.</summary>
    public const int MaxContext = 32;

    public static readonly IReadOnlyList<string> NormTypes = ["one", "two", "inf"];
    public static readonly IReadOnlyList<string> ClassPositions = ["end", "middle", "front"];
    public static readonly IReadOnlyList<string> Splits = ["all", "base-to-new"];
    public static readonly IReadOnlyList<string> Shifts = ["noise", "blur", "contrast", "inverted", "rotated"];
    public static readonly IReadOnlyList<string> Omegas = ["decay", "constant"];
    public static readonly IReadOnlyList<string> LrSchedules = ["cosine", "constant"];

    /// <summary>The prompt words of the mini-CLIP's vocabulary (with the class names): captions and <c>ctx_init</c> phrases use them.</summary>
    public static readonly IReadOnlyList<string> PromptWords =
        ["a", "an", "the", "photo", "picture", "image", "drawing", "of", "this", "is", "small", "large", "good", "bad", "clothing"];

    public const string ZeroShotPhrase = "a photo of a";

    /// <summary>Every accepted parameter with its default: CoOp's (scaled to the small world) and Nemesis off (A = 0).</summary>
    public static readonly IReadOnlyDictionary<string, ParamValue> Defaults = new Dictionary<string, ParamValue>
    {
        ["shots"] = ParamValue.Of(16L),
        ["split"] = ParamValue.Of("all"),
        ["shift"] = ParamValue.Of("noise"),
        ["test_size"] = ParamValue.Of(1000L),
        ["epochs"] = ParamValue.Of(20L),
        ["batch_size"] = ParamValue.Of(32L),
        ["lr"] = ParamValue.Of(0.002),
        ["lr_schedule"] = ParamValue.Of("cosine"),
        ["momentum"] = ParamValue.Of(0.9),
        ["weight_decay"] = ParamValue.Of(5e-4),
        ["warmup_epochs"] = ParamValue.Of(1L),
        ["warmup_lr"] = ParamValue.Of(1e-5),
        ["n_ctx"] = ParamValue.Of(16L),
        ["ctx_init"] = ParamValue.Of(""),
        ["class_token_position"] = ParamValue.Of("end"),
        ["csc"] = ParamValue.Of(false),
        ["A"] = ParamValue.Of(0.0),
        ["norm_type"] = ParamValue.Of("two"),
        ["beta"] = ParamValue.Of(1.0),
        ["np"] = ParamValue.Of("4"),
        ["cw"] = ParamValue.Of(0.5),
        ["omega"] = ParamValue.Of("decay"),
        ["clip.width"] = ParamValue.Of(32L),
        ["clip.embed"] = ParamValue.Of(32L),
        ["clip.text_layers"] = ParamValue.Of(1L),
        ["clip.pretrain_steps"] = ParamValue.Of(400L),
        ["clip.pretrain_batch"] = ParamValue.Of(128L),
        ["clip.pretrain_lr"] = ParamValue.Of(3e-3),
        ["clip.seed"] = ParamValue.Of(0L),
    };

    public static readonly IReadOnlySet<string> Params = Defaults.Keys.ToHashSet();

    public static readonly IReadOnlySet<string> Metrics = new HashSet<string>(
        new[]
        {
            "base_acc", "new_acc", "h", "shift_acc", "zeroshot_base_acc", "zeroshot_new_acc", "zeroshot_h", "zeroshot_shift_acc",
            "train_loss", "reg_loss", "train_acc", "pan_selected", "prompt_norm_mean", "epoch", "step", "wall_seconds",
        }.Concat(Enumerable.Range(0, MaxContext).Select(NormMetric)));

    /// <summary>The lists of allowed words, by parameter (<c>np</c> and <c>ctx_init</c> are checked by their own rules).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Allowed = new Dictionary<string, IReadOnlyList<string>>
    {
        ["norm_type"] = NormTypes, ["class_token_position"] = ClassPositions, ["split"] = Splits, ["shift"] = Shifts,
        ["omega"] = Omegas, ["lr_schedule"] = LrSchedules, ["ctx_init"] = PromptWords,
    };

    public static readonly TrialKind Kind = new(Name, true, Metrics, Params,
        "built-in Nemesis soft-prompt trainer (CoOp on a mini-CLIP over Fashion-MNIST, prompt-norm losses)")
    { CheckValues = Check, AllowedValues = Allowed };

    public static string NormMetric(int position) => "norm_pos" + position.ToString(CultureInfo.InvariantCulture);

    public static Dictionary<string, ParamValue> WithDefaults(IReadOnlyDictionary<string, ParamValue> given) => KindChecks.WithDefaults(Defaults, given);

    /// <summary>The words of <c>ctx_init</c> (empty: random initialisation).</summary>
    public static IReadOnlyList<string> InitWords(string phrase) => phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The learnable context positions of a trial: <c>n_ctx</c> (with <c>ctx_init</c>, its word count must equal it).</summary>
    public static int Positions(IReadOnlyDictionary<string, ParamValue> given) => (int)WithDefaults(given)["n_ctx"].AsDouble();

    /// <summary>PAN's <c>np</c>: an integer count of pre-inferred positions, or <c>random&lt;k&gt;</c> (k random positions, no pre-inference).</summary>
    public static (bool Random, int Count)? ParseNp(string np)
    {
        var random = np.StartsWith("random", StringComparison.Ordinal);
        var digits = random ? np["random".Length..] : np;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1 ? (random, k) : null;
    }

    /// <summary>Checks parameter values; returns one line describing the first problem, or null when all are fine.</summary>
    public static string? Check(IReadOnlyDictionary<string, ParamValue> given)
    {
        if (Unknown(given, Params, Name) is { } unknown) return unknown;
        var p = WithDefaults(given);
        var nCtx = (int)p["n_ctx"].AsDouble();
        return AllOneOf(p, Allowed, "ctx_init")
            ?? Range(p, "n_ctx", 1, MaxContext) ?? CheckInit(p["ctx_init"].ToString(), nCtx) ?? CheckNp(p["np"].ToString(), p["beta"].AsDouble() < 1 ? nCtx : int.MaxValue)
            ?? Range(p, "shots", 1, 256) ?? Range(p, "test_size", 1, 10_000_000) ?? Range(p, "epochs", 1, 100_000)
            ?? Range(p, "batch_size", 1, 100_000) ?? Positive(p, "lr") ?? Range(p, "momentum", 0, 0.999999)
            ?? Range(p, "weight_decay", 0, 100) ?? Range(p, "warmup_epochs", 0, 100_000) ?? Positive(p, "warmup_lr")
            ?? Range(p, "A", 0, 1e6) ?? Range(p, "beta", 0, 1) ?? Range(p, "cw", 0, 1e6)
            ?? Range(p, "clip.width", 2, 1024) ?? Range(p, "clip.embed", 2, 1024) ?? Range(p, "clip.text_layers", 1, 16)
            ?? Range(p, "clip.pretrain_steps", 1, 10_000_000) ?? Range(p, "clip.pretrain_batch", 1, 100_000) ?? Positive(p, "clip.pretrain_lr")
            ?? Whole(p, "n_ctx", "shots", "test_size", "epochs", "batch_size", "warmup_epochs", "clip.width", "clip.embed", "clip.text_layers",
                "clip.pretrain_steps", "clip.pretrain_batch", "clip.seed")
            ?? (p["csc"].Kind == ParamKind.Boolean ? null : $"csc must be true or false, not '{p["csc"]}'")
            ?? (p["csc"].Boolean && p["split"].ToString() == "base-to-new" ? "csc (a context per class) has no context for base-to-new's new classes" : null)
            ?? ((int)p["epochs"].AsDouble() > (int)p["warmup_epochs"].AsDouble() ? null : "epochs must be more than warmup_epochs");
    }

    private static string? Whole(IReadOnlyDictionary<string, ParamValue> p, params string[] names) =>
        names.Where(n => p[n].Kind != ParamKind.Integer).Select(n => $"{n} must be an integer, not '{p[n]}'").FirstOrDefault();

    private static string? CheckInit(string phrase, int nCtx)
    {
        var words = InitWords(phrase);
        if (words.Count == 0) return null;
        var bad = words.FirstOrDefault(w => !PromptWords.Contains(w));
        if (bad is not null) return $"ctx_init: '{bad}' is not a prompt word ({string.Join(", ", PromptWords)})";
        return words.Count == nCtx ? null : $"ctx_init '{phrase}' has {words.Count} words, so n_ctx must be {words.Count}, not {nCtx}";
    }

    private static string? CheckNp(string np, int nCtx) => ParseNp(np) switch
    {
        null => $"np must be a positive integer or random<k> (e.g. 4, random2), not '{np}'",
        var (_, k) when k > nCtx => $"np = {np} asks for {k} positions of {nCtx} (n_ctx)",
        _ => null,
    };
}
