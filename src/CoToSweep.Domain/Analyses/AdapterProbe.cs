using System.Text.Json.Serialization;

namespace CoToSweep.Domain.Analyses;

/// <summary>
/// One model an analysis evaluates, built from trained adapters (each named by its trial's artifact directory),
/// evaluated on <see cref="Split"/> (train, val, test, ood) of <see cref="Task"/> (null: the first member's own task).
/// Every analysis kind reduces its work to probes, so one evaluator per trial kind serves all analyses.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op")]
[JsonDerivedType(typeof(MaskProbe), "mask")]
[JsonDerivedType(typeof(InterpolateProbe), "interpolate")]
[JsonDerivedType(typeof(MergeProbe), "merge")]
[JsonDerivedType(typeof(MagnitudeProbe), "magnitude")]
[JsonDerivedType(typeof(CorruptProbe), "corrupt")]
public abstract record AdapterProbe(string Split, string? Task);

/// <summary>One adapter with only the groups in <see cref="Coalition"/> active (bit i = group i): Shapley values, structured pruning.</summary>
public sealed record MaskProbe(string Member, ulong Coalition, string Split, string? Task = null) : AdapterProbe(Split, Task);

/// <summary>
/// (1 − λ)·A + λ·B. <see cref="Space"/> <c>delta</c>: on each projection's dense ΔW (and a trained head);
/// <c>factors</c>: on the adapter's own tensors (A and B separately, as PEFT's <c>linear</c> combination does).
/// </summary>
public sealed record InterpolateProbe(string A, string B, double Lambda, string Space, string Split, string? Task = null) : AdapterProbe(Split, Task);

/// <summary>
/// Several adapters merged on dense ΔW by <see cref="Method"/>: <c>average</c> (mean), <c>task_arithmetic</c>
/// (<see cref="Scale"/>·Σ ΔW), <c>ties</c> (keep the top <see cref="Density"/> by magnitude, elect signs by total mass,
/// mean of the agreeing entries, times <see cref="Scale"/>), <c>dare</c> (drop each entry with <see cref="DropRate"/>,
/// rescale survivors by 1/(1 − rate), seeded by <see cref="Seed"/>, then average).
/// </summary>
public sealed record MergeProbe(
    IReadOnlyList<string> Members, string Method, double Scale, double Density, double DropRate, long Seed, string Split, string? Task = null)
    : AdapterProbe(Split, Task);

/// <summary>One adapter whose dense ΔW's smallest-magnitude entries are zeroed: <see cref="Sparsity"/> of them per projection (<c>layer</c>) or over all projections together (<c>global</c>).</summary>
public sealed record MagnitudeProbe(string Member, double Sparsity, string Scope, string Split, string? Task = null) : AdapterProbe(Split, Task);

/// <summary>
/// A trained prompt (<c>nemesis</c> trials) with context position <see cref="Position"/> corrupted: <see cref="Mode"/>
/// <c>replace</c> puts N(0, <see cref="Value"/>²) there (σ = 0: zeros; drawn from <see cref="Seed"/>), <c>rescale</c>
/// multiplies it by <see cref="Value"/>; <c>original</c> (position −1) is the prompt unchanged. The Low-Norm Effect's probe.
/// </summary>
public sealed record CorruptProbe(string Member, int Position, string Mode, double Value, long Seed, string Split, string? Task = null)
    : AdapterProbe(Split, Task);

/// <summary>What a probe measured: accuracy and mean cross-entropy (NaN: not measured, as in v1 journals that kept one of the two).</summary>
public sealed record ProbeResult(double Accuracy, double Loss)
{
    /// <summary>The measure a metric such as <c>val_acc</c> or <c>val_loss</c> names.</summary>
    public double Measure(string measure) => measure == "loss" ? Loss : Accuracy;

    public static ProbeResult Of(string measure, double value) => measure == "loss" ? new(double.NaN, value) : new(value, double.NaN);
}
