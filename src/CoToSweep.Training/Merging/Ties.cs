using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Merging;

/// <summary>
/// TIES merging (Yadav et al. 2023; mergekit's <c>ties</c>) on dense task vectors, tensor by tensor: trim each task
/// vector to its top <c>density</c> fraction by magnitude, elect each entry's sign by total mass (the sign of the sum
/// of the kept values), then the disjoint mean over the tasks whose kept value has the elected sign, times a scale.
/// </summary>
public static class Ties
{
    public static DeltaSet Merge(IReadOnlyList<DeltaSet> sets, double density, double scale)
    {
        if (density is <= 0 or > 1 || double.IsNaN(density)) throw new ArgumentOutOfRangeException(nameof(density), density, "density is a fraction in (0, 1]");
        return DeltaSet.Combine(sets, (_, t) => MergeTensor(t, density, scale));
    }

    public static Tensor MergeTensor(IReadOnlyList<Tensor> taskVectors, double density, double scale)
    {
        var kept = stack(taskVectors.Select(t => MagnitudePruning.ZeroSmallest(t, t.numel() - MagnitudePruning.Count(density, t.numel()))).ToArray());
        var signs = kept.sign();
        var elected = kept.sum(0, keepdim: false).sign();
        // Agreeing: same sign as elected and kept (non-zero); an entry whose mass sums to 0 has no agreeing task.
        var agree = signs.eq(elected.unsqueeze(0)).to_type(kept.dtype).mul(signs.abs());
        var count = Scalars.Clamp(agree.sum(0, keepdim: false), 1, float.MaxValue);
        return Scalars.Mul(kept.mul(agree).sum(0, keepdim: false).div(count), scale);
    }
}
