using TorchSharp;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Merging;

/// <summary>
/// DARE (Yu et al. 2024; mergekit's <c>dare_linear</c>) on dense task vectors: drop each entry with probability
/// <c>drop_rate</c>, rescale the survivors by 1/(1 − rate) so each is unbiased, then average. One generator for the
/// whole merge, visiting sets in order and their tensors in name order, so a seed gives one answer.
/// </summary>
public static class Dare
{
    public static DeltaSet Merge(IReadOnlyList<DeltaSet> sets, double dropRate, long seed)
    {
        if (dropRate is < 0 or >= 1 || double.IsNaN(dropRate)) throw new ArgumentOutOfRangeException(nameof(dropRate), dropRate, "drop_rate is a fraction in [0, 1)");
        using var g = new Generator((ulong)seed);
        var dropped = sets.Select(s => s.Map((_, t) => DropAndRescale(t, dropRate, g))).ToArray();
        try { return LinearMerges.Average(dropped); }
        finally { foreach (var d in dropped) d.Dispose(); }
    }

    private static Tensor DropAndRescale(Tensor t, double rate, Generator g)
    {
        using var r = rate.ToScalar();
        var keep = rand(t.shape, generator: g).ge(r).to_type(t.dtype).to(t.device);
        return Scalars.Div(t.mul(keep), 1 - rate);
    }
}
