using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Analyses;

/// <summary>
/// <c>analysis.merge</c> (ALGORITHMS.md §4). <c>across: seeds</c>: one analysis per configuration (<c>merge-c0003</c>)
/// once all its seeds are finished, one unit per pair of completed seeds, each unit the interpolation curve over the
/// lambdas. <c>across: tasks</c>: one analysis per group of trials that differ only in <c>task</c> and share a seed
/// (<c>merge-tasks-&lt;first trial&gt;</c>), one unit per merge method, each unit the merged model on every member task.
/// Probe numbers: <see cref="Endpoint"/> | m is member m's own adapter (shared by the units, so evaluated once; at λ = 0
/// and 1 it is exactly the trained adapter, which reproduces the trial's metrics); otherwise unit·M + i.
/// </summary>
public sealed class MergeAnalysis : IAnalysisKind
{
    public const string KindName = "merge";
    public const ulong Endpoint = 1UL << 62;

    public string Name => KindName;

    /// <summary>The probe number of member m's own adapter.</summary>
    private static ulong EndpointOf(int member) => Endpoint | (uint)member;

    public bool IsWanted(SweepSpec spec) => spec.Analysis?.Merge is not null;

    private static MergeAnalysisSpec Spec(SweepState state) => state.Spec!.Analysis!.Merge!;

    private static bool AcrossSeeds(SweepState state) => Spec(state).Across == "seeds";

    public IEnumerable<AnalysisPlan> Plan(SweepState state, AnalysisTrigger trigger)
    {
        if (trigger is not AnalysisTrigger.TrialFinished { Trial: var trial }) return [];
        var members = AcrossSeeds(state) ? SeedGroup(state, trial) : TaskGroup(state, trial);
        if (members.Any(t => !t.IsTerminal)) return [];
        var completed = members.Where(t => t.Status == TrialStatus.Completed).OrderBy(t => t.Order).ToList();
        if (!AcrossSeeds(state)) completed = completed.DistinctBy(TaskOf).ToList();
        if (completed.Count < 2) return [];
        var id = AcrossSeeds(state) ? $"merge-c{trial.Config:D4}" : $"merge-tasks-{completed[0].Id}";
        return [new AnalysisPlan(id, completed.Select(t => t.Id).ToArray())];
    }

    /// <summary>The trials of one configuration: one per entry of <c>search.seeds</c> (the validator requires two or more).</summary>
    private static List<TrialRecord> SeedGroup(SweepState state, TrialRecord trial) =>
        (state.Spec!.Search.Seeds ?? []).Select(s => state.Trials.GetValueOrDefault(TrialRecord.MakeId(trial.Config, s)))
            .OfType<TrialRecord>().ToList();

    /// <summary>The trials with the same seed whose parameters differ at most in <c>task</c>.</summary>
    private static List<TrialRecord> TaskGroup(SweepState state, TrialRecord trial)
    {
        var key = WithoutTask(trial);
        return state.TrialsInOrder.Where(t => t.Seed == trial.Seed && WithoutTask(t) == key).ToList();
    }

    private static string WithoutTask(TrialRecord t) => WithoutTask(t.Params);

    /// <summary>A key equal for parameter sets that differ at most in <c>task</c> (what an across-tasks group shares).</summary>
    public static string WithoutTask(IReadOnlyDictionary<string, ParamValue> parameters) =>
        string.Join("\n", parameters.Where(p => p.Key != "task").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static string TaskOf(TrialRecord t) => t.Params.TryGetValue("task", out var v) ? v.ToString() : "";

    /// <summary>Pairs of members (i &lt; j) in order, the first <c>max_pairs</c> of them.</summary>
    public static IReadOnlyList<(int A, int B)> Pairs(int members, int? maxPairs) =>
        Enumerable.Range(0, members).SelectMany(i => Enumerable.Range(i + 1, members - i - 1).Select(j => (i, j)))
            .Take(maxPairs ?? int.MaxValue).ToArray();

    private static int Units(SweepState state, AnalysisRecord a) =>
        AcrossSeeds(state) ? Pairs(a.TrialIds.Count, Spec(state).MaxPairs).Count : Spec(state).Methods.Count;

    public int LeasableUnits(SweepState state, AnalysisRecord a) => Units(state, a);

    public IReadOnlyList<ulong> UnitProbes(SweepState state, AnalysisRecord a, int unit)
    {
        var spec = Spec(state);
        if (unit < 0 || unit >= Units(state, a)) return [];
        if (AcrossSeeds(state))
        {
            var (i, j) = Pairs(a.TrialIds.Count, spec.MaxPairs)[unit];
            var l = spec.Lambdas.Count;
            return spec.Lambdas.Select((lambda, k) => lambda == 0 ? EndpointOf(i) : lambda == 1 ? EndpointOf(j) : (ulong)(unit * l + k)).ToArray();
        }
        var m = a.TrialIds.Count;
        return Enumerable.Range(0, m).SelectMany(t => new[] { EndpointOf(t), (ulong)(unit * m + t) }).ToArray();
    }

    public AdapterProbe Describe(SweepState state, AnalysisRecord a, ulong probe)
    {
        var spec = Spec(state);
        var split = ShapleyAnalysisSpec.SplitAndMeasure(spec.Metric).Split;
        if ((probe & Endpoint) != 0) return new MaskProbe(a.ArtifactDirs[(int)(probe & ~Endpoint)]!, Coalitions.Grand(a.Groups.Count), split);
        if (AcrossSeeds(state))
        {
            var l = spec.Lambdas.Count;
            var (i, j) = Pairs(a.TrialIds.Count, spec.MaxPairs)[(int)(probe / (ulong)l)];
            return new InterpolateProbe(a.ArtifactDirs[i]!, a.ArtifactDirs[j]!, spec.Lambdas[(int)(probe % (ulong)l)], spec.Space, split);
        }
        var m = (ulong)a.TrialIds.Count;
        var method = spec.Methods[(int)(probe / m)];
        var task = TaskOf(state.Trials[a.TrialIds[(int)(probe % m)]]);
        return new MergeProbe(a.ArtifactDirs.Select(d => d!).ToArray(), method, spec.Scale, spec.Density, spec.DropRate, spec.Seed, split, task);
    }

    public AnalysisResult? Finish(SweepState state, AnalysisRecord a)
    {
        var units = Units(state, a);
        if (a.Completed.Count < units) return null;
        var spec = Spec(state);
        if (AcrossSeeds(state))
        {
            var curves = Enumerable.Range(0, units).Select(u =>
            {
                var (i, j) = Pairs(a.TrialIds.Count, spec.MaxPairs)[u];
                var results = UnitProbes(state, a, u).Select(p => a.Values[p]).ToArray();
                return Curve(a.TrialIds[i], a.TrialIds[j], spec.Space, spec.Lambdas, results);
            }).ToArray();
            return new MergeResult(spec.Across, curves, []);
        }
        var m = a.TrialIds.Count;
        var merges = Enumerable.Range(0, units).SelectMany(u => Enumerable.Range(0, m).Select(t =>
        {
            var own = a.Values[EndpointOf(t)];
            var merged = a.Values[(ulong)(u * m + t)];
            return new TaskMerge(spec.Methods[u], TaskOf(state.Trials[a.TrialIds[t]]), a.TrialIds[t], merged.Accuracy, merged.Loss,
                own.Accuracy, own.Accuracy > 0 ? merged.Accuracy / own.Accuracy : double.NaN);
        })).ToArray();
        return new MergeResult(spec.Across, [], merges);
    }

    /// <summary>The curve of one pair, with barriers against the chord between the endpoints (lambdas start at 0 and end at 1).</summary>
    public static MergeCurve Curve(string a, string b, string space, IReadOnlyList<double> lambdas, IReadOnlyList<ProbeResult> results)
    {
        var acc = results.Select(r => r.Accuracy).ToArray();
        var loss = results.Select(r => r.Loss).ToArray();
        double Chord(double[] m, int k) => (1 - lambdas[k]) * m[0] + lambdas[k] * m[^1];
        var accBarrier = Enumerable.Range(0, acc.Length).Max(k => Chord(acc, k) - acc[k]);
        var lossBarrier = Enumerable.Range(0, loss.Length).Max(k => loss[k] - Chord(loss, k));
        var half = lambdas.ToList().IndexOf(0.5);
        return new MergeCurve(a, b, space, lambdas, acc, loss, accBarrier, lossBarrier, half >= 0 ? acc[half] : double.NaN);
    }
}
