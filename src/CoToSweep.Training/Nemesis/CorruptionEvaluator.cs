using CoToSweep.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// A trained prompt opened for the corruption analysis (ALGORITHMS.md §2, the Low-Norm Effect): its mini-CLIP, its test
/// features and its context, and the accuracy on the trained classes' test images with one position replaced by
/// N(0, σ²) (σ = 0: zeros) or rescaled by τ. One slot at a time.
/// </summary>
public sealed class CorruptionEvaluator : IDisposable
{
    private readonly MiniClip clip;
    private readonly NemesisData data;
    private readonly Tensor ctx;
    private readonly double scale;

    public CorruptionEvaluator(string promptPath, TrainingEnvironment env, CancellationToken ct = default)
    {
        var (saved, config) = PromptCheckpoint.Load(promptPath);
        Config = config;
        clip = ClipStore.Load(env.BaseModels, config.Clip, env.Data, env.Device, ct);
        data = NemesisData.Build(env.Data, config, clip, env.Device);
        ctx = saved.to(env.Device);
        if (!ReferenceEquals(ctx, saved)) saved.Dispose();
        scale = clip.Scale;
    }

    public NemesisConfig Config { get; }

    /// <summary>The context positions.</summary>
    public int Positions => (int)ctx.shape[ctx.dim() - 2];

    /// <summary>Accuracy and loss on the trained classes' test images with the corruption (position −1: none).</summary>
    public (double Accuracy, double Loss) Evaluate(int position, string mode, double value, long seed)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var corrupted = Corrupt(ctx, position, mode, value, seed);
        var texts = PromptLearner.Encode(clip, corrupted, Config.BaseClasses, Config.ClassTokenPosition);
        return PromptEval.Score(data.Base, texts, scale);
    }

    /// <summary>A copy of <paramref name="ctx"/> with one position replaced or rescaled (every class's, with per-class context).</summary>
    public static Tensor Corrupt(Tensor ctx, int position, string mode, double value, long seed)
    {
        var copy = ctx.clone();
        if (position < 0) return copy;
        var row = copy.dim() == 3 ? copy.select(1, position) : copy.select(0, position);
        switch (mode)
        {
            case "rescale":
                row.mul_(value);
                break;
            case "replace":
                using (var g = new Generator((ulong)seed, ctx.device))
                using (var noise = randn(row.shape, generator: g, device: ctx.device))
                using (var scaled = Scalars.Mul(noise, value))
                    row.copy_(scaled);
                break;
            default: throw new ArgumentException($"unknown corruption mode '{mode}' (replace, rescale)");
        }
        return copy;
    }

    public void Dispose()
    {
        clip.Dispose();
        data.Dispose();
        ctx.Dispose();
    }
}
