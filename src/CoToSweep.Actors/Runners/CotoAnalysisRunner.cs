using System.Collections.Concurrent;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training;
using CoToSweep.Training.Evaluation;

namespace CoToSweep.Actors.Runners;

/// <summary>
/// Evaluates analysis units of <c>coto</c> trials in-process: each probe is a model built from trained adapters
/// (<c>adapter.safetensors</c> in the trials' artifact directories). Opening adapters costs model builds and data loads,
/// so evaluators are pooled per analysis and reused by its next unit; an evaluator is used by one slot at a time (probes
/// switch a shared model's adapters). Evaluators of other analyses are closed when a new one is opened, so a node holds
/// those of one analysis at a time.
/// </summary>
public sealed class CotoAnalysisRunner : IAnalysisRunner, IDisposable
{
    public const string AdapterFile = Training.Checkpoints.AdapterCheckpoint.FileName;

    private readonly CotoRunnerOptions options;
    private readonly Lazy<TrainingEnvironment> environment;
    private readonly ConcurrentDictionary<string, ConcurrentBag<ProbeEvaluator>> idle = new();
    private readonly object opening = new();

    /// <param name="environment">The data and model cache a trial runner of the same process already holds; null: its own.</param>
    public CotoAnalysisRunner(CotoRunnerOptions options, Lazy<TrainingEnvironment>? environment = null)
    {
        this.options = options;
        this.environment = environment ?? options.LazyEnvironment();
    }

    public string Kind => CotoKind.Name;

    public Task<IReadOnlyList<ProbeResult>> EvaluateAsync(AnalysisUnitAssignment unit, CancellationToken cancellationToken)
    {
        if (unit.Probes.Count == 0) return Task.FromResult<IReadOnlyList<ProbeResult>>([]);
        return Task.Factory.StartNew(() => Evaluate(unit, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private IReadOnlyList<ProbeResult> Evaluate(AnalysisUnitAssignment unit, CancellationToken ct)
    {
        TorchRuntime.SetThreads(options.TorchThreadsPerSlot);
        var key = unit.SweepId + "/" + unit.AnalysisId;
        var evaluator = Take(key);
        try
        {
            var results = new ProbeResult[unit.Probes.Count];
            for (var i = 0; i < results.Length; i++)
            {
                ct.ThrowIfCancellationRequested();
                var probe = unit.Probes[i];
                if (probe is MaskProbe mask && !evaluator.Groups(mask.Member, ct).SequenceEqual(unit.Groups))
                    throw new InvalidOperationException($"{ProbeEvaluator.AdapterPath(mask.Member)} has adapter groups " +
                        $"{string.Join(",", evaluator.Groups(mask.Member, ct))}, the analysis expects {string.Join(",", unit.Groups)}");
                var r = evaluator.Evaluate(probe, ct);
                results[i] = new ProbeResult(r.Accuracy, r.Loss);
            }
            return results;
        }
        finally { idle.GetOrAdd(key, _ => []).Add(evaluator); }
    }

    private ProbeEvaluator Take(string key)
    {
        if (idle.TryGetValue(key, out var bag) && bag.TryTake(out var evaluator)) return evaluator;
        lock (opening)
        {
            foreach (var other in idle.Keys.Where(k => k != key).ToList())
                if (idle.TryRemove(other, out var stale))
                    while (stale.TryTake(out var e)) e.Dispose();
        }
        return new ProbeEvaluator(environment.Value);
    }

    public void Dispose()
    {
        foreach (var bag in idle.Values)
            while (bag.TryTake(out var e)) e.Dispose();
    }
}
