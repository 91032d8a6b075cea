using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Merging;

/// <summary>
/// Unstructured pruning of dense ΔW (ALGORITHMS.md §4): the smallest-magnitude entries become zero. The head's change
/// is kept as it is, as masking adapter groups keeps it, so sparsity 1 is the model with every adapter off.
/// </summary>
public static class MagnitudePruning
{
    public static readonly IReadOnlyList<string> Scopes = ["layer", "global"];

    /// <summary>Zeros <paramref name="sparsity"/> of the entries of each projection (<c>layer</c>) or of all projections together (<c>global</c>).</summary>
    public static DeltaSet Prune(DeltaSet deltas, double sparsity, string scope)
    {
        if (sparsity is < 0 or > 1 || double.IsNaN(sparsity)) throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "sparsity is a fraction in [0, 1]");
        return scope switch
        {
            "layer" => deltas.Map((n, t) => DeltaSet.IsHead(n) ? t.clone() : ZeroSmallest(t, Count(sparsity, t.numel()))),
            "global" => PruneGlobally(deltas, sparsity),
            _ => throw new ArgumentException($"unknown magnitude scope '{scope}' (layer or global)", nameof(scope)),
        };
    }

    /// <summary>How many of <paramref name="n"/> entries a fraction names: round(fraction·n), halves away from zero.</summary>
    public static long Count(double fraction, long n) => (long)Math.Round(fraction * n, MidpointRounding.AwayFromZero);

    /// <summary>
    /// <paramref name="t"/> with exactly <paramref name="count"/> of its smallest-magnitude entries zeroed; among equal
    /// magnitudes the earlier entry (row-major) goes first, so the result does not depend on the sort's whims.
    /// </summary>
    public static Tensor ZeroSmallest(Tensor t, long count)
    {
        if (count <= 0) return t.clone();
        var flat = t.flatten();
        var order = flat.abs().sort(0, descending: false, stable: true).Indices;
        using var zero = 0.0.ToScalar();
        return flat.index_fill(0, order.narrow(0, 0, Math.Min(count, flat.numel())), zero).reshape(t.shape);
    }

    private static DeltaSet PruneGlobally(DeltaSet deltas, double sparsity)
    {
        var projections = deltas.Names.Where(n => !DeltaSet.IsHead(n)).ToArray();
        if (projections.Length == 0) return deltas.Map((_, t) => t.clone());
        using var scope = NewDisposeScope();
        var all = cat(projections.Select(n => deltas.Tensors[n].flatten()).ToArray());
        var pruned = ZeroSmallest(all, Count(sparsity, all.numel()));
        var pieces = pruned.split(projections.Select(n => deltas.Tensors[n].numel()).ToArray());
        var result = new Dictionary<string, Tensor>();
        for (var i = 0; i < projections.Length; i++)
            result[projections[i]] = pieces[i].reshape(deltas.Tensors[projections[i]].shape).clone().MoveToOuterDisposeScope();
        foreach (var n in deltas.Names.Where(DeltaSet.IsHead)) result[n] = deltas.Tensors[n].clone().MoveToOuterDisposeScope();
        return new DeltaSet(result);
    }
}
