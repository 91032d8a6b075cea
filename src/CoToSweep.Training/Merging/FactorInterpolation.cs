using CoToSweep.Training.Adapters;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Merging;

/// <summary>
/// Interpolation in factor space, as PEFT's <c>linear</c> combination: each factor tensor (lora_A, lora_B, DoRA's
/// magnitude, HiRA's factors) is interpolated on its own and the adapter's ΔW rebuilt from them, so LoRA gives
/// B_λ·A_λ with its cross terms, not (1 − λ)·ΔW_A + λ·ΔW_B. A trained head is interpolated densely (it is linear).
/// </summary>
public static class FactorInterpolation
{
    public static DeltaSet Interpolate(AdapterTensors a, AdapterTensors b, double lambda)
    {
        CheckCompatible(a, b);
        var spec = a.Config.Adapter;
        // The interpolated heads' tensors pass to the result, which owns them.
        var result = LinearMerges.Interpolate(Heads(a.Deltas), Heads(b.Deltas), lambda).Tensors.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var path in a.Factors.Keys.Order(StringComparer.Ordinal))
        {
            using var scope = NewDisposeScope();
            var factors = a.Factors[path].ToDictionary(kv => kv.Key,
                kv => Scalars.Plus(Scalars.Mul(kv.Value, 1 - lambda), Scalars.Mul(b.Factors[path][kv.Key], lambda)));
            result[path] = AdapterFactory.DeltaWeight(spec, a.Frozen[path], factors).MoveToOuterDisposeScope();
        }
        return new DeltaSet(result);
    }

    /// <summary>A view of the head entries (not owned: never dispose it).</summary>
    private static DeltaSet Heads(DeltaSet d) => new(d.Tensors.Where(kv => DeltaSet.IsHead(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value));

    private static void CheckCompatible(AdapterTensors a, AdapterTensors b)
    {
        var (sa, sb) = (a.Config.Adapter, b.Config.Adapter);
        if (sa.Method != sb.Method || sa.Rank != sb.Rank || sa.Scale != sb.Scale || !sa.TargetList.SequenceEqual(sb.TargetList))
            throw new ArgumentException(
                $"factor-space interpolation needs adapters of one shape: {sa.Method} r={sa.Rank} α={sa.Alpha} and {sb.Method} r={sb.Rank} α={sb.Alpha} differ (use space delta)");
        if (a.Config.Base != b.Config.Base) throw new ArgumentException("factor-space interpolation needs adapters on one base model");
    }
}
