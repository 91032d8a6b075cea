using TorchSharp;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Models;

/// <summary>
/// Re-initialises every parameter from one seeded generator. TorchSharp's module constructors draw from the
/// process-wide RNG, which concurrent trials share; drawing everything again here makes the base model depend
/// on the seed only.
/// </summary>
public static class ModelInit
{
    public static void Initialise(nn.Module module, Generator generator)
    {
        using var _ = no_grad();
        foreach (var (name, p) in module.named_parameters())
        {
            var leaf = name.Split('.')[^1];
            var isNorm = name.Contains("ln") || name.StartsWith("norm.");
            if (name == "pos_embed") p.copy_(Scalars.Mul(randn(p.shape, generator: generator), 0.02f));
            else if (name == "cls_token" || (leaf == "bias")) p.zero_();
            else if (isNorm && leaf == "weight") { using var one = 1.0f.ToScalar(); p.fill_(one); }
            else if (p.dim() == 2)
            {
                var bound = 1.0 / Math.Sqrt(p.shape[1]);
                p.copy_(Scalars.Sub(Scalars.Mul(rand(p.shape, generator: generator), 2 * bound), bound));
            }
        }
    }
}
