using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CoToSweep.Training.Models;

/// <summary>
/// Shape of the base vision transformer and how it is pretrained on the base task. Everything here changes the
/// base weights, so all of it goes into <see cref="Hash"/> (the cache key, together with the data fingerprint).
/// </summary>
public sealed record VitConfig(
    int PatchSize = 4,
    int Depth = 6,
    int Width = 64,
    int Heads = 4,
    int MlpHidden = 128,
    int PretrainSteps = 400,
    int PretrainBatch = 64,
    double PretrainLr = 3e-3,
    long PretrainSeed = 0)
{
    public int Tokens => (28 / PatchSize) * (28 / PatchSize) + 1;

    public string Canonical => string.Create(CultureInfo.InvariantCulture,
        $"vit1;patch={PatchSize};depth={Depth};width={Width};heads={Heads};mlp={MlpHidden};steps={PretrainSteps};batch={PretrainBatch};lr={PretrainLr:R};seed={PretrainSeed}");

    public string Hash(string dataFingerprint) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical + ";data=" + dataFingerprint)))[..16];

    public void Validate()
    {
        if (PatchSize is not (1 or 2 or 4 or 7 or 14)) throw new ArgumentException($"base.patch_size must divide 28 (1, 2, 4, 7, 14), not {PatchSize}");
        if (Depth < 1 || Width < 1 || Heads < 1 || MlpHidden < 1) throw new ArgumentException("base.depth, base.width, base.heads and base.mlp_hidden must be positive");
        if (Width % Heads != 0) throw new ArgumentException($"base.width {Width} is not divisible by base.heads {Heads}");
        if (PretrainSteps < 1 || PretrainBatch < 1 || PretrainLr <= 0) throw new ArgumentException("base.pretrain_steps, base.pretrain_batch and base.pretrain_lr must be positive");
    }
}
