using TorchSharp;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Data;

/// <summary>Out-of-distribution versions of a test split (applied after the task's shift). Deterministic.</summary>
public static class Corruptions
{
    /// <summary>Additive Gaussian pixel noise, σ in [0, 1] pixel units, from a fixed-seed generator.</summary>
    public static Tensor Noise(Tensor x, double sigma = 0.3, long seed = 7)
    {
        using var g = new Generator((ulong)seed, x.device);
        return Scalars.Clamp(Scalars.Plus(x, Scalars.Mul(randn(x.shape, generator: g, device: x.device), sigma)), 0, 1);
    }

    /// <summary>A 3×3 box blur that keeps the image size.</summary>
    public static Tensor Blur(Tensor x) =>
        nn.functional.avg_pool2d(x, kernel_size: 3, stride: 1, padding: 1, count_include_pad: false);
}
