using TorchSharp;
using TorchSharp.Modules;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Adapters;

/// <summary>
/// DoRA: W = m ⊙ (W0 + s·BA) / ‖W0 + s·BA‖ (norm of each output row). m starts at ‖W0‖ and B at 0, so training
/// starts at the base model. As in the DoRA paper and PEFT, the norm is treated as a constant in the backward
/// pass (detached), which saves memory and changes the gradient little.
/// </summary>
public sealed class DoraAdapter : Adapter
{
    private readonly Parameter lora_A, lora_B, lora_magnitude_vector;
    private readonly double scale;

    public DoraAdapter(Linear frozen, int rank, double scale, Generator? g) : base("dora")
    {
        this.scale = scale;
        var (outF, inF) = (frozen.weight!.shape[0], frozen.weight.shape[1]);
        lora_A = nn.Parameter(KaimingUniform(rank, inF, g));
        lora_B = nn.Parameter(zeros(outF, rank));
        using (no_grad()) lora_magnitude_vector = nn.Parameter(frozen.weight.norm(1, keepdim: false, p: 2).detach().clone());
        RegisterComponents();
    }

    public override Tensor Apply(Tensor x, Linear frozen)
    {
        var w0 = frozen.weight!;
        var delta = Scalars.Mul(lora_B.matmul(lora_A), scale);
        var rowNorm = Scalars.Plus(w0, delta).norm(1, keepdim: false, p: 2).detach();
        var direction = Scalars.Plus(nn.functional.linear(x, w0), Scalars.Mul(nn.functional.linear(nn.functional.linear(x, lora_A), lora_B), scale));
        var y = direction * (lora_magnitude_vector / rowNorm);
        return frozen.bias is null ? y : Scalars.Plus(y, frozen.bias);
    }

    public override Tensor DeltaWeight(Linear frozen) => Delta(frozen.weight!, lora_A, lora_B, lora_magnitude_vector, scale);

    /// <summary>
    /// ΔW = m ⊙ (W0 + s·BA) / ‖W0 + s·BA‖_row − W0 from any factors of this shape (factor-space merging rebuilds
    /// through here); the same weight <see cref="Apply"/> uses, formed densely.
    /// </summary>
    public static Tensor Delta(Tensor w0, Tensor a, Tensor b, Tensor magnitude, double scale)
    {
        var direction = Scalars.Plus(w0, Scalars.Mul(b.matmul(a), scale));
        var rowScale = (magnitude / direction.norm(1, keepdim: false, p: 2)).unsqueeze(1);
        return Scalars.Minus(direction.mul(rowScale), w0);
    }

    public override IReadOnlyDictionary<string, Parameter> Tensors => new Dictionary<string, Parameter>
    {
        ["lora_A.weight"] = lora_A, ["lora_B.weight"] = lora_B, ["lora_magnitude_vector"] = lora_magnitude_vector,
    };
}
