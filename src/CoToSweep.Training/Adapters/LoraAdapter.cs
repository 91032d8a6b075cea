using TorchSharp;
using TorchSharp.Modules;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Adapters;

/// <summary>LoRA: y = W0·x + s·B(A·x), with B = 0 at start so training begins at the base model. rsLoRA differs only in s.</summary>
public sealed class LoraAdapter : Adapter
{
    private readonly Parameter lora_A, lora_B;
    private readonly double scale;

    public LoraAdapter(long inFeatures, long outFeatures, int rank, double scale, Generator? g) : base("lora")
    {
        this.scale = scale;
        lora_A = nn.Parameter(KaimingUniform(rank, inFeatures, g));
        lora_B = nn.Parameter(zeros(outFeatures, rank));
        RegisterComponents();
    }

    public override Tensor Apply(Tensor x, Linear frozen) =>
        Scalars.Plus(frozen.forward(x), Scalars.Mul(nn.functional.linear(nn.functional.linear(x, lora_A), lora_B), scale));

    public override Tensor DeltaWeight(Linear frozen) => Delta(lora_A, lora_B, scale);

    /// <summary>ΔW = s·BA from any factors of this shape (factor-space merging rebuilds through here).</summary>
    public static Tensor Delta(Tensor a, Tensor b, double scale) => Scalars.Mul(b.matmul(a), scale);

    public override IReadOnlyDictionary<string, Parameter> Tensors =>
        new Dictionary<string, Parameter> { ["lora_A.weight"] = lora_A, ["lora_B.weight"] = lora_B };
}
