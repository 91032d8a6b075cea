using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Merging;

/// <summary>Merges that are weighted sums of dense task vectors (ALGORITHMS.md §4): interpolation, average, task arithmetic.</summary>
public static class LinearMerges
{
    /// <summary>(1 − λ)·A + λ·B.</summary>
    public static DeltaSet Interpolate(DeltaSet a, DeltaSet b, double lambda) =>
        DeltaSet.Combine([a, b], (_, t) => Scalars.Plus(Scalars.Mul(t[0], 1 - lambda), Scalars.Mul(t[1], lambda)));

    /// <summary>The mean (fusion of adapters trained on several tasks).</summary>
    public static DeltaSet Average(IReadOnlyList<DeltaSet> sets) =>
        DeltaSet.Combine(sets, (_, t) => Scalars.Div(Sum(t), t.Count));

    /// <summary>scale·Σ ΔW (mergekit's task_arithmetic with equal weights).</summary>
    public static DeltaSet TaskArithmetic(IReadOnlyList<DeltaSet> sets, double scale) =>
        DeltaSet.Combine(sets, (_, t) => Scalars.Mul(Sum(t), scale));

    /// <summary>Σ t in list order (a fresh tensor).</summary>
    public static Tensor Sum(IReadOnlyList<Tensor> tensors)
    {
        var sum = tensors[0].clone();
        for (var i = 1; i < tensors.Count; i++) sum = Scalars.Plus(sum, tensors[i]);
        return sum;
    }
}
