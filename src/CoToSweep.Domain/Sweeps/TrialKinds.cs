namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// What the validator knows about a trial kind: whether it is built, which metrics it can produce
/// (null: any, e.g. an external command) and which parameters it accepts (null: any).
/// </summary>
public sealed record TrialKind(
    string Name,
    bool Supported,
    IReadOnlySet<string>? Metrics,
    IReadOnlySet<string>? Params,
    string Description)
{
    /// <summary>Checks one trial's parameter values (null: fine, else one line); the validator runs it on every planned trial.</summary>
    public Func<IReadOnlyDictionary<string, ParamValue>, string?>? CheckValues { get; init; }

    /// <summary>
    /// The adapter groups a trained trial can switch off, in mask order (null: the kind has none, so no Shapley or
    /// pruning analysis). Known from the parameters, so analyses can be planned without opening the artifacts.
    /// </summary>
    public Func<IReadOnlyDictionary<string, ParamValue>, IReadOnlyList<string>>? Groups { get; init; }

    /// <summary>
    /// For each parameter that takes one of a fixed list of words, that list: the one source the validator and the
    /// kind's trainer (Training) both read; a test checks that the trainer implements exactly these values.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AllowedValues { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

public static class TrialKinds
{
    /// <summary>Trial-block keys that configure the runner rather than being parameters.</summary>
    public static readonly IReadOnlySet<string> RunnerKeys = new HashSet<string> { "kind", "command", "workdir", "env" };

    public static readonly TrialKind Command = new("command", true, null, null,
        "an external program; metrics from stdout lines 'cotosweep {json}'");

    /// <summary>In-process trial that does no work: for benchmarks and tests of the sweep machinery.</summary>
    public static readonly TrialKind Noop = new("noop", true,
        new HashSet<string> { "score", "step" },
        null,
        "in-process no-op trial (benchmarks, tests): reports a deterministic 'score'");

    public static readonly TrialKind Coto = Kinds.CotoKind.Kind;
    public static readonly TrialKind Nemesis = Kinds.NemesisKind.Kind;

    /// <summary>The built-in trainers (one folder per kind in Domain, Training and Actors).</summary>
    public static IReadOnlyList<TrialKind> BuiltIn { get; } = [Coto, Nemesis];

    private static readonly IReadOnlyDictionary<string, TrialKind> ByName =
        new[] { Command, Noop }.Concat(BuiltIn).ToDictionary(k => k.Name);

    public static IEnumerable<TrialKind> All => ByName.Values;

    public static TrialKind? Find(string name) => ByName.GetValueOrDefault(name);
}
