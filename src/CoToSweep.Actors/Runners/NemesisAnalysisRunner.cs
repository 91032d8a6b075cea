using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training;
using CoToSweep.Training.Nemesis;

namespace CoToSweep.Actors.Runners;

/// <summary>
/// Evaluates analysis units of <c>nemesis</c> trials in-process: corruption probes of a trained prompt
/// (<c>prompt.safetensors</c> in the trial's artifact directory). The last opened prompt (its mini-CLIP and test features)
/// is kept for the next unit, which is usually the same trial's next position; one unit at a time per runner.
/// </summary>
public sealed class NemesisAnalysisRunner(CotoRunnerOptions options, Lazy<TrainingEnvironment>? environment = null) : IAnalysisRunner, IDisposable
{
    private readonly Lazy<TrainingEnvironment> env = environment ?? options.LazyEnvironment();
    private readonly Lock gate = new();
    private (string Path, CorruptionEvaluator Evaluator)? open;

    public string Kind => NemesisKind.Name;

    public Task<IReadOnlyList<ProbeResult>> EvaluateAsync(AnalysisUnitAssignment unit, CancellationToken cancellationToken)
    {
        if (unit.Probes.Count == 0) return Task.FromResult<IReadOnlyList<ProbeResult>>([]);
        return Task.Factory.StartNew(() => Evaluate(unit, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private IReadOnlyList<ProbeResult> Evaluate(AnalysisUnitAssignment unit, CancellationToken ct)
    {
        TorchRuntime.SetThreads(options.TorchThreadsPerSlot);
        lock (gate)
        {
            var results = new ProbeResult[unit.Probes.Count];
            for (var i = 0; i < results.Length; i++)
            {
                ct.ThrowIfCancellationRequested();
                if (unit.Probes[i] is not CorruptProbe probe)
                    throw new InvalidOperationException($"a nemesis trial has no adapters: cannot evaluate a {unit.Probes[i].GetType().Name}");
                var (accuracy, loss) = Open(probe.Member, ct).Evaluate(probe.Position, probe.Mode, probe.Value, probe.Seed);
                results[i] = new ProbeResult(accuracy, loss);
            }
            return results;
        }
    }

    private CorruptionEvaluator Open(string member, CancellationToken ct)
    {
        var path = Path.Combine(member, PromptCheckpoint.FileName);
        if (open is { } o && o.Path == path) return o.Evaluator;
        open?.Evaluator.Dispose();
        open = null;
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing (was the trial's artifact directory removed?)");
        open = (path, new CorruptionEvaluator(path, env.Value, ct));
        return open.Value.Evaluator;
    }

    public void Dispose()
    {
        lock (gate)
        {
            open?.Evaluator.Dispose();
            open = null;
        }
    }
}
