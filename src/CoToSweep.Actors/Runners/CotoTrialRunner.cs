using System.Text.Json;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Data;

namespace CoToSweep.Actors.Runners;

/// <summary>How the built-in CoTo runner finds data and base models and uses the machine.</summary>
/// <param name="DataDirectory">Fashion-MNIST IDX files; null: the system full set when installed, else the shipped subset.</param>
/// <param name="ModelCacheDirectory">Where pretrained base models are cached (shared by all slots, and by processes).</param>
/// <param name="TorchThreadsPerSlot">Torch intra-op threads; process-wide, so one value for all slots (CPU: cores / slots).</param>
/// <param name="Device">auto (CUDA when available), cpu or cuda.</param>
public sealed record CotoRunnerOptions(string? DataDirectory, string ModelCacheDirectory, int TorchThreadsPerSlot = 1, string Device = "auto")
{
    /// <summary>The data and model cache these options name, loaded once on first use (by whichever thread comes first).</summary>
    public Lazy<TrainingEnvironment> LazyEnvironment() =>
        new(() => TrainingEnvironment.Create(DataDirectory, ModelCacheDirectory, Device), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Runs a built-in trial on a dedicated thread (training is CPU-bound for minutes; this keeps it off the thread pool
    /// the actors use) once this slot's torch threads are set and the data is loaded; missing data or device fails the
    /// attempt without counting against the trial.
    /// </summary>
    public Task<TrialOutcome> StartTrial(Lazy<TrainingEnvironment> environment, Func<TrainingEnvironment, TrialOutcome> run, CancellationToken ct) =>
        Task.Factory.StartNew(() =>
        {
            TrainingEnvironment env;
            try
            {
                TorchRuntime.SetThreads(TorchThreadsPerSlot);
                env = environment.Value;
            }
            catch (DataFileException e) { return TrialOutcome.Failure(e.Message, trialFault: false); }
            catch (InvalidOperationException e) { return TrialOutcome.Failure(e.Message, trialFault: false); }
            return run(env);
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}

/// <summary>
/// The <c>coto</c> kind: trains adapters with CoTo's progressive activation in-process (TorchSharp), off the
/// caller's thread. Reports validation metrics every <c>eval_every</c> steps; writes <c>adapter.safetensors</c>
/// and <c>curve.json</c> into the attempt's artifact directory.
/// </summary>
public sealed class CotoTrialRunner : ITrialRunner, IAnalysisRunner
{
    private readonly CotoRunnerOptions options;
    private readonly Lazy<TrainingEnvironment> environment;

    public CotoTrialRunner(CotoRunnerOptions options)
    {
        this.options = options;
        environment = options.LazyEnvironment();
    }

    public string Kind => CotoKind.Name;

    private CotoAnalysisRunner? analysis;

    public Task<IReadOnlyList<Domain.Analyses.ProbeResult>> EvaluateAsync(Domain.Analyses.AnalysisUnitAssignment unit, CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref analysis, () => new CotoAnalysisRunner(options, environment)).EvaluateAsync(unit, cancellationToken);

    public Task<TrialOutcome> RunAsync(TrialAssignment assignment, ITrialProgress progress, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<TrialOutcome>(cancellationToken);
        if (CotoKind.Check(assignment.Params) is { } problem) return Task.FromResult(TrialOutcome.Failure(problem));
        CotoConfig config;
        try { config = CotoConfigReader.FromParams(assignment.Params, assignment.Seed); }
        catch (ArgumentException e) { return Task.FromResult(TrialOutcome.Failure(e.Message)); }
        return options.StartTrial(environment, env => Run(assignment, config, env, progress, cancellationToken), cancellationToken);
    }

    private static TrialOutcome Run(TrialAssignment a, CotoConfig config, TrainingEnvironment env, ITrialProgress progress, CancellationToken ct)
    {
        Directory.CreateDirectory(a.ArtifactDir);
        var result = CotoTrainer.Train(config, env, point => progress.Report(point.Step, new Dictionary<string, double>
        {
            ["step"] = point.Step, ["p"] = point.P, ["active_fraction"] = point.ActiveFraction,
            ["train_loss"] = point.TrainLoss, ["val_acc"] = point.ValAcc, ["val_loss"] = point.ValLoss,
        }), Path.Combine(a.ArtifactDir, "adapter.safetensors"), ct);
        File.WriteAllText(Path.Combine(a.ArtifactDir, "curve.json"), JsonSerializer.Serialize(result.Curve));
        if (result.Failed) return TrialOutcome.Failure($"loss is NaN at step {result.NanAtStep}", result.Metrics);
        return TrialOutcome.Success(result.Metrics, result.Metrics.TryGetValue(a.Objective.Metric, out var v) ? v : null);
    }
}
