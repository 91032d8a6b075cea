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

    /// <summary>
    /// A turn by <paramref name="degrees"/> (counter-clockwise) about the centre, bilinear; uncovered corners copy the
    /// nearest edge pixel, which is background for every task (dark or, for negatives, bright).
    /// </summary>
    public static Tensor Rotate(Tensor x, double degrees)
    {
        var (c, s) = (Math.Cos(degrees * Math.PI / 180), Math.Sin(degrees * Math.PI / 180));
        using var theta = tensor(new float[] { (float)c, (float)-s, 0, (float)s, (float)c, 0 }, [1, 2, 3], device: x.device);
        using var grid = nn.functional.affine_grid(theta.expand(x.shape[0], 2, 3), x.shape, align_corners: false);
        return nn.functional.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
    }

    /// <summary>Contrast scaled by <paramref name="factor"/> about each image's mean (1: unchanged, 0: flat grey).</summary>
    public static Tensor Contrast(Tensor x, double factor)
    {
        using var mean = x.mean([1, 2, 3], keepdim: true);
        using var centred = x.sub(mean);
        using var scaled = Scalars.Mul(centred, factor);
        return Scalars.Plus(scaled, mean);
    }
}
