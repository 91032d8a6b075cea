using TorchSharp;
using TorchSharp.Modules;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Adapters;

/// <summary>
/// One adapter on one frozen projection. <see cref="Apply"/> returns the whole adapted output (base included),
/// because some methods (DoRA) rescale the base term. Parameter names are the PEFT-like names used in checkpoints.
/// </summary>
public abstract class Adapter : nn.Module
{
    protected Adapter(string name) : base(name) { }

    public abstract Tensor Apply(Tensor x, Linear frozen);

    /// <summary>
    /// The dense change ΔW = W_eff − W0 ([out, in]) this adapter makes to <paramref name="frozen"/>, as PEFT's
    /// get_delta_weight: merging and pruning work on it without knowing the method's parametrisation. A fresh tensor.
    /// </summary>
    public abstract Tensor DeltaWeight(Linear frozen);

    /// <summary>The adapter's trainable tensors by PEFT-like name (e.g. lora_A.weight).</summary>
    public abstract IReadOnlyDictionary<string, Parameter> Tensors { get; }

    /// <summary>Uniform(−1/√fan_in, 1/√fan_in), the bound PEFT's Kaiming-uniform(a=√5) gives, from the trial's generator.</summary>
    protected static Tensor KaimingUniform(long rows, long fanIn, Generator? g) =>
        Scalars.Sub(Scalars.Mul(rand([rows, fanIn], generator: g), 2.0 / Math.Sqrt(fanIn)), 1.0 / Math.Sqrt(fanIn));
}
