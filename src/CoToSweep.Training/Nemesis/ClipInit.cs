using TorchSharp;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// Draws every parameter of the mini-CLIP from one seeded generator (TorchSharp's constructors use the process-wide
/// RNG, which concurrent trials share): CLIP's N(0, 0.02²) token and N(0, 0.01²) position embeddings, unit norms,
/// zero biases, uniform ±1/√fan-in weights; the logit scale keeps its 1/0.07.
/// </summary>
public static class ClipInit
{
    public static void Initialise(MiniClip model, Generator g)
    {
        using var _ = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            using var scope = NewDisposeScope();
            var leaf = name.Split('.')[^1];
            if (name.EndsWith("logit_scale", StringComparison.Ordinal)) continue;
            if (name.Contains("token_embedding")) p.copy_(Scalars.Mul(randn(p.shape, generator: g), 0.02));
            else if (name.Contains("positional_embedding")) p.copy_(Scalars.Mul(randn(p.shape, generator: g), 0.01));
            else if (name.Contains("ln") && leaf == "weight") { using var one = 1.0f.ToScalar(); p.fill_(one); }
            else if (leaf == "bias") p.zero_();
            else
            {
                var bound = 1.0 / Math.Sqrt(p.numel() / p.shape[0]);
                p.copy_(Scalars.Sub(Scalars.Mul(rand(p.shape, generator: g), 2 * bound), bound));
            }
        }
    }
}
