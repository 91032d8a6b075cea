using CoToSweep.Domain.Analyses;
using CoToSweep.Training.Checkpoints;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Merging;

namespace CoToSweep.Training.Evaluation;

/// <summary>
/// Evaluates analysis probes on trained adapters: masks, interpolations, merges and magnitude pruning
/// (ALGORITHMS.md §3–4). Members are trial artifact directories holding <see cref="AdapterCheckpoint.FileName"/>.
/// What is expensive is opened once and kept until disposal: one <see cref="AdapterSession"/> per (member, task) for
/// masks and interpolation endpoints, one <see cref="DeltaModel"/> per task for dense probes, and each member's
/// tensors, so a unit of probes over the same members loads each once. Not thread-safe (sessions and models are
/// evaluated in place): one evaluator per slot. Call it outside any dispose scope, which would free what it caches.
/// </summary>
/// <param name="granularity">Mask probes' groups: <c>layer</c> or <c>module</c>; null: as each adapter was trained.</param>
public sealed class ProbeEvaluator(TrainingEnvironment env, string? granularity = null) : IDisposable
{
    private readonly Dictionary<string, CotoConfig> configs = new();
    private readonly Dictionary<(string Member, string Task), AdapterSession> sessions = new();
    private readonly Dictionary<string, AdapterTensors> tensors = new();
    private readonly Dictionary<(Models.VitConfig Base, string Task, Data.SplitSizes Sizes), DeltaModel> deltaModels = new();

    /// <summary>The adapter file of a member (a trial's artifact directory).</summary>
    public static string AdapterPath(string member) => Path.Combine(member, AdapterCheckpoint.FileName);

    /// <summary>Accuracy and mean cross-entropy of the probe's model on its split of its task.</summary>
    /// <param name="ct">Cancels a wait for the base model's pretraining (the only long wait while opening).</param>
    public EvalResult Evaluate(AdapterProbe probe, CancellationToken ct = default) => probe switch
    {
        MaskProbe m => Session(m.Member, TaskOf(m, m.Member), ct).Evaluate(m.Coalition, m.Split),
        InterpolateProbe i => Interpolate(i, ct),
        MergeProbe g => EvaluateDense(g, g.Members, ct, m => Merge(g, m.Select(t => t.Deltas).ToArray())),
        MagnitudeProbe p => EvaluateDense(p, [p.Member], ct, m => MagnitudePruning.Prune(m[0].Deltas, p.Sparsity, p.Scope)),
        _ => throw new ArgumentException($"unknown probe {probe.GetType().Name}"),
    };

    /// <summary>A member's adapter group names in mask order (bit i of a mask probe's coalition is group i).</summary>
    public IReadOnlyList<string> Groups(string member, CancellationToken ct = default) => Session(member, Config(member).Task, ct).GroupNames;

    private EvalResult Interpolate(InterpolateProbe i, CancellationToken ct)
    {
        if (i.Space is not ("delta" or "factors")) throw new ArgumentException($"unknown interpolation space '{i.Space}' (delta or factors)");
        // The endpoints are the adapters themselves, bit for bit, not their dense ΔW.
        if (i.Lambda == 0) return Session(i.A, TaskOf(i, i.A), ct).Evaluate(null, i.Split);
        if (i.Lambda == 1) return Session(i.B, TaskOf(i, i.A), ct).Evaluate(null, i.Split);
        return EvaluateDense(i, [i.A, i.B], ct, m => i.Space == "delta"
            ? LinearMerges.Interpolate(m[0].Deltas, m[1].Deltas, i.Lambda)
            : FactorInterpolation.Interpolate(m[0], m[1], i.Lambda));
    }

    private static DeltaSet Merge(MergeProbe g, IReadOnlyList<DeltaSet> sets) => g.Method switch
    {
        "average" => LinearMerges.Average(sets),
        "task_arithmetic" => LinearMerges.TaskArithmetic(sets, g.Scale),
        "ties" => Ties.Merge(sets, g.Density, g.Scale),
        "dare" => Dare.Merge(sets, g.DropRate, g.Seed),
        _ => throw new ArgumentException($"unknown merge method '{g.Method}' (average, task_arithmetic, ties or dare)"),
    };

    private EvalResult EvaluateDense(AdapterProbe probe, IReadOnlyList<string> members, CancellationToken ct, Func<IReadOnlyList<AdapterTensors>, DeltaSet> build)
    {
        if (members.Count == 0) throw new ArgumentException("the probe names no members");
        var loaded = members.Select(m => Tensors(m, ct)).ToArray();
        var first = loaded[0].Config;
        if (loaded.Any(t => t.Config.Base != first.Base))
            throw new ArgumentException($"members {string.Join(", ", members)} were trained on different base models");
        using var deltas = build(loaded);
        return DeltaModelFor(first, TaskOf(probe, members[0]), ct).Evaluate(deltas, probe.Split);
    }

    private string TaskOf(AdapterProbe probe, string firstMember) => probe.Task ?? Config(firstMember).Task;

    private CotoConfig Config(string member)
    {
        if (!configs.TryGetValue(member, out var config))
            configs[member] = config = AdapterCheckpoint.ReadConfig(Existing(member));
        return config;
    }

    private AdapterSession Session(string member, string task, CancellationToken ct)
    {
        if (!sessions.TryGetValue((member, task), out var session))
            sessions[(member, task)] = session = AdapterSession.Open(Existing(member), env, task, granularity, ct);
        return session;
    }

    private AdapterTensors Tensors(string member, CancellationToken ct)
    {
        if (!tensors.TryGetValue(member, out var t))
            tensors[member] = t = AdapterTensors.Load(Existing(member), env, ct);
        return t;
    }

    /// <summary>Sizes as the first member was evaluated with, so a dense probe sees the images its endpoints see.</summary>
    private DeltaModel DeltaModelFor(CotoConfig first, string task, CancellationToken ct)
    {
        var key = (first.Base, task, first.Sizes);
        if (!deltaModels.TryGetValue(key, out var model))
            deltaModels[key] = model = DeltaModel.Open(first.Base, task, first.Sizes, env, ct);
        return model;
    }

    private static string Existing(string member)
    {
        var path = AdapterPath(member);
        return File.Exists(path) ? path : throw new FileNotFoundException($"no trained adapter at {path}");
    }

    public void Dispose()
    {
        foreach (var s in sessions.Values) s.Dispose();
        foreach (var t in tensors.Values) t.Dispose();
        foreach (var m in deltaModels.Values) m.Dispose();
        sessions.Clear();
        tensors.Clear();
        deltaModels.Clear();
    }
}
