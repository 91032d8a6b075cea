using CoToSweep.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// A small CLIP: image and text towers into one embedding, scored by cosine similarity times a learned scale.
/// Prompt tuning keeps it frozen.
/// </summary>
public sealed class MiniClip : nn.Module
{
    private readonly ImageEncoder image;
    private readonly TextEncoder text;
    private readonly TorchSharp.Modules.Parameter logit_scale;

    public MiniClip(ClipConfig config) : base("clip")
    {
        Config = config;
        image = new ImageEncoder(config);
        text = new TextEncoder(config);
        logit_scale = nn.Parameter(tensor(new[] { (float)Math.Log(1 / 0.07) }));
        RegisterComponents();
    }

    public ClipConfig Config { get; }
    public ImageEncoder Image => image;
    public TextEncoder Text => text;

    /// <summary>The similarity scale, capped at 100 as CLIP does, as a .NET number.</summary>
    public double Scale
    {
        get
        {
            using var _ = no_grad();
            return Math.Min(100, Math.Exp(logit_scale.item<float>()));
        }
    }

    /// <summary>The scale as a tensor in the graph (pretraining learns it).</summary>
    public Tensor ScaleTensor() => logit_scale.exp().clamp_max(100);

    /// <summary>Unit-length image features [N, embed].</summary>
    public Tensor EncodeImages(Tensor x) => Normalised(image.forward(x));

    public static Tensor Normalised(Tensor f)
    {
        using var norm = f.norm(1, keepdim: true);
        using var safe = norm.clamp_min(1e-12);
        return f.div(safe);
    }

    /// <summary>Logits [N, C] of unit image features [N, E] against unit text features [C, E] at a fixed scale.</summary>
    public static Tensor Logits(Tensor images, Tensor texts, double scale)
    {
        using var sim = images.matmul(texts.t());
        return Scalars.Mul(sim, scale);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { image.Dispose(); text.Dispose(); logit_scale.Dispose(); }
        base.Dispose(disposing);
    }
}
