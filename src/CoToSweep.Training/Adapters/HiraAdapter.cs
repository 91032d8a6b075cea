using TorchSharp;
using TorchSharp.Modules;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Adapters;

/// <summary>
/// HiRA: ΔW = W0 ⊙ (s·BA), a Hadamard product with the frozen weight, so the update can have high rank with
/// rank-r factors. B = 0 at start. The full-size ΔW is formed each step, which is why HiRA costs more than LoRA.
/// </summary>
public sealed class HiraAdapter : Adapter
{
    private readonly Parameter hira_A, hira_B;
    private readonly double scale;

    public HiraAdapter(long inFeatures, long outFeatures, int rank, double scale, Generator? g) : base("hira")
    {
        this.scale = scale;
        hira_A = nn.Parameter(KaimingUniform(rank, inFeatures, g));
        hira_B = nn.Parameter(zeros(outFeatures, rank));
        RegisterComponents();
    }

    public override Tensor Apply(Tensor x, Linear frozen) =>
        Scalars.Plus(frozen.forward(x), nn.functional.linear(x, DeltaWeight(frozen)));

    public override Tensor DeltaWeight(Linear frozen) => Delta(frozen.weight!, hira_A, hira_B, scale);

    /// <summary>ΔW = W0 ⊙ (s·BA) from any factors of this shape (factor-space merging rebuilds through here).</summary>
    public static Tensor Delta(Tensor w0, Tensor a, Tensor b, double scale) => w0.mul(Scalars.Mul(b.matmul(a), scale));

    public override IReadOnlyDictionary<string, Parameter> Tensors =>
        new Dictionary<string, Parameter> { ["hira_A.weight"] = hira_A, ["hira_B.weight"] = hira_B };
}
