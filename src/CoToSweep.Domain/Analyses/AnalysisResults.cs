using System.Text.Json.Serialization;

namespace CoToSweep.Domain.Analyses;

/// <summary>The finished result of one analysis, as journaled in <c>AnalysisCompleted</c> (v2); one derived record per kind.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ShapleyResult), "shapley")]
[JsonDerivedType(typeof(MergeResult), "merge")]
[JsonDerivedType(typeof(PruneResult), "prune")]
[JsonDerivedType(typeof(CorruptionResult), "corruption")]
public abstract record AnalysisResult;

/// <summary>
/// The finished Shapley estimate: φ and standard errors per group in group order, the distinct coalitions
/// evaluated, samples per player and units merged, v(N) and v(∅) for the efficiency check, and why it stopped.
/// </summary>
public sealed record ShapleyResult(
    string Method,
    IReadOnlyList<double> Values,
    IReadOnlyList<double> StdErrors,
    long Evaluations,
    long SamplesPerPlayer,
    int Units,
    double GrandValue,
    double EmptyValue,
    string StopReason) : AnalysisResult;

/// <summary>
/// A merge analysis. <c>across: seeds</c>: one <see cref="MergeCurve"/> per pair of seeds of one configuration.
/// <c>across: tasks</c>: one <see cref="TaskMerge"/> per (method, member task) of one group of adapters that differ
/// only in their task.
/// </summary>
public sealed record MergeResult(string Across, IReadOnlyList<MergeCurve> Curves, IReadOnlyList<TaskMerge> Tasks) : AnalysisResult;

/// <summary>
/// The interpolation (1 − λ)·A + λ·B of two trials' adapters at each λ: accuracy and loss, the barriers against the
/// chord max_λ [(1−λ)·m(0) + λ·m(1) − m(λ)] (for loss: max_λ [m(λ) − chord], so both are "how much worse than the
/// chord"), and accuracy at λ = 0.5 (NaN when 0.5 is not among the lambdas).
/// </summary>
public sealed record MergeCurve(
    string TrialA, string TrialB, string Space, IReadOnlyList<double> Lambdas, IReadOnlyList<double> Accuracy, IReadOnlyList<double> Loss,
    double AccuracyBarrier, double LossBarrier, double AccuracyAtHalf);

/// <summary>
/// The merged model of one group, by <see cref="Method"/>, on one member's task: its accuracy and loss, that task's own
/// adapter's accuracy, and the normalised accuracy merged / own.
/// </summary>
public sealed record TaskMerge(string Method, string Task, string Trial, double Accuracy, double Loss, double OwnAccuracy, double Normalised);

/// <summary>
/// A pruning analysis of one trained trial. <see cref="Curves"/>: structured (whole groups dropped in an order) and
/// unstructured (magnitude) curves, each from 0 (the unpruned adapter) to 1 (the base model).
/// </summary>
public sealed record PruneResult(IReadOnlyList<PruneCurve> Curves) : AnalysisResult;

/// <summary>
/// One pruning curve: <see cref="Mode"/> <c>structured</c> (order: shapley, random, everyother, high-first, low-first;
/// x = the fraction of groups dropped, random averaged over its draws) or <c>magnitude</c> (order: layer or global;
/// x = the sparsity of ΔW). Area: the trapezoid area under accuracy / unpruned accuracy over x in [0, 1].
/// <see cref="AccuracyAtHalf"/>: at x = 0.5 (NaN when 0.5 is not measured).
/// </summary>
public sealed record PruneCurve(
    string Mode, string Order, IReadOnlyList<double> X, IReadOnlyList<double> Accuracy, IReadOnlyList<double> Loss,
    double NormalisedArea, double AccuracyAtHalf);

/// <summary>
/// A corruption analysis of one trained prompt: the unchanged prompt's accuracy, one point per (position, corruption),
/// and the Low-Norm Effect's counts: corruptions that lowered a norm, and of those how many raised accuracy (strictly);
/// likewise for those that raised a norm.
/// </summary>
public sealed record CorruptionResult(
    double OriginalAccuracy, IReadOnlyList<CorruptionPoint> Points, int Lowered, int LoweredHelped, int Raised, int RaisedHelped) : AnalysisResult;

/// <summary>Position <see cref="Position"/> replaced (σ = <see cref="Value"/>) or rescaled (τ = <see cref="Value"/>): its norm before and after, the accuracy, and the change against the unchanged prompt.</summary>
public sealed record CorruptionPoint(int Position, string Mode, double Value, double Norm, double NormAfter, double Accuracy, double Change);
