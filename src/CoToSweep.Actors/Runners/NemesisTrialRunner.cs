using System.Text.Json;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training;
using CoToSweep.Training.Nemesis;

namespace CoToSweep.Actors.Runners;

/// <summary>
/// The <c>nemesis</c> kind in-process: CoOp prompt tuning with the Nemesis losses on the mini-CLIP (TorchSharp), off the
/// caller's thread. Reports every epoch; writes <c>prompt.safetensors</c> (the trained context and the trial's
/// configuration) and <c>curve.json</c> into the attempt's artifact directory.
/// </summary>
public sealed class NemesisTrialRunner(CotoRunnerOptions options) : ITrialRunner, IAnalysisRunner
{
    private readonly Lazy<TrainingEnvironment> environment = options.LazyEnvironment();
    private NemesisAnalysisRunner? analysis;

    public string Kind => NemesisKind.Name;

    // pan_selected is NaN where PAN is off: written as "NaN", not refused.
    private static readonly JsonSerializerOptions CurveJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public Task<IReadOnlyList<Domain.Analyses.ProbeResult>> EvaluateAsync(Domain.Analyses.AnalysisUnitAssignment unit, CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref analysis, () => new NemesisAnalysisRunner(options, environment)).EvaluateAsync(unit, cancellationToken);

    public Task<TrialOutcome> RunAsync(TrialAssignment assignment, ITrialProgress progress, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<TrialOutcome>(cancellationToken);
        NemesisConfig config;
        try { config = NemesisConfig.FromParams(assignment.Params, assignment.Seed); }
        catch (ArgumentException e) { return Task.FromResult(TrialOutcome.Failure(e.Message)); }
        return options.StartTrial(environment, env => Run(assignment, config, env, progress, cancellationToken), cancellationToken);
    }

    private static TrialOutcome Run(TrialAssignment a, NemesisConfig config, TrainingEnvironment env, ITrialProgress progress, CancellationToken ct)
    {
        Directory.CreateDirectory(a.ArtifactDir);
        var result = NemesisTrainer.Train(config, env, point => progress.Report(point.Step, new Dictionary<string, double>
        {
            ["step"] = point.Step, ["epoch"] = point.Epoch + 1, ["train_loss"] = point.TrainLoss, ["train_acc"] = point.TrainAcc,
            ["reg_loss"] = point.RegLoss, ["pan_selected"] = point.PanSelected, ["prompt_norm_mean"] = point.NormMean,
        }), Path.Combine(a.ArtifactDir, PromptCheckpoint.FileName), ct);
        File.WriteAllText(Path.Combine(a.ArtifactDir, "curve.json"), JsonSerializer.Serialize(result.Curve, CurveJson));
        if (result.Failed) return TrialOutcome.Failure($"loss is not finite at epoch {result.Curve.Count}", result.Metrics);
        return TrialOutcome.Success(result.Metrics, result.Metrics.TryGetValue(a.Objective.Metric, out var v) ? v : null);
    }
}
