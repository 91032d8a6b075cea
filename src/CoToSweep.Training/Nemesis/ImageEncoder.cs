using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>The mini-CLIP's image tower: two strided 3×3 convolutions (28 → 14 → 7) and a linear map to the joint embedding.</summary>
public sealed class ImageEncoder : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Conv2d conv1, conv2;
    private readonly TorchSharp.Modules.Linear proj;

    public ImageEncoder(ClipConfig c) : base("image")
    {
        conv1 = nn.Conv2d(1, c.Width / 2, 3, stride: 2, padding: 1);
        conv2 = nn.Conv2d(c.Width / 2, c.Width, 3, stride: 2, padding: 1);
        proj = nn.Linear(c.Width * 49, c.Embed);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var h1 = nn.functional.relu(conv1.forward(x));
        using var h2 = nn.functional.relu(conv2.forward(h1));
        using var flat = h2.flatten(1);
        return proj.forward(flat);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { conv1.Dispose(); conv2.Dispose(); proj.Dispose(); }
        base.Dispose(disposing);
    }
}
