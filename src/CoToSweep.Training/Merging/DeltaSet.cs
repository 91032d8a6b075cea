using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Merging;

/// <summary>
/// A model's change from its base model as dense tensors: ΔW per adapted projection by module path
/// (<c>blocks.3.attn.q</c>) and, when the trial trained its head, the head's change (<see cref="HeadWeight"/>,
/// <see cref="HeadBias"/>), so that merges carry it. Merging and pruning map delta sets to new ones; a set owns its
/// tensors, and operations never dispose their inputs.
/// </summary>
public sealed class DeltaSet(IReadOnlyDictionary<string, Tensor> tensors) : IDisposable
{
    public const string HeadWeight = "head.weight", HeadBias = "head.bias";

    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    public static bool IsHead(string name) => name is HeadWeight or HeadBias;

    /// <summary>Names in ordinal order: operations that draw random numbers visit tensors in this order.</summary>
    public IEnumerable<string> Names => Tensors.Keys.Order(StringComparer.Ordinal);

    /// <summary>A new set with <paramref name="f"/> applied to each tensor, one dispose scope per tensor.</summary>
    public DeltaSet Map(Func<string, Tensor, Tensor> f) =>
        new(Names.ToDictionary(n => n, n => InScope(() => f(n, Tensors[n]))));

    /// <summary>
    /// Combines the sets name by name: every name any set has, and a set without it contributes zeros (a trial that
    /// did not train its head did not change it).
    /// </summary>
    public static DeltaSet Combine(IReadOnlyList<DeltaSet> sets, Func<string, IReadOnlyList<Tensor>, Tensor> f)
    {
        if (sets.Count == 0) throw new ArgumentException("nothing to merge: no delta sets");
        var names = sets.SelectMany(s => s.Tensors.Keys).Distinct().Order(StringComparer.Ordinal);
        return new(names.ToDictionary(n => n, n => InScope(() =>
        {
            var present = sets.Select(s => s.Tensors.GetValueOrDefault(n)).First(t => t is not null)!;
            return f(n, sets.Select(s => s.Tensors.GetValueOrDefault(n) ?? zeros_like(present)).ToArray());
        })));
    }

    private static Tensor InScope(Func<Tensor> f)
    {
        using var scope = NewDisposeScope();
        return f().MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
