using TorchSharp;
using TorchSharp.Modules;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Models;

/// <summary>A small ViT for 28×28 grey images: linear patch embedding, class token, learnt positions, pre-norm blocks.</summary>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Linear patch_embed;
    private readonly Parameter cls_token, pos_embed;
    private readonly ModuleList<Block> blocks;
    private readonly LayerNorm norm;
    private readonly Linear head;
    private readonly int patch;

    public VisionTransformer(VitConfig c, Generator? generator = null) : base("vit")
    {
        c.Validate();
        Config = c;
        patch = c.PatchSize;
        patch_embed = nn.Linear(c.PatchSize * c.PatchSize, c.Width);
        cls_token = nn.Parameter(zeros(1, 1, c.Width));
        pos_embed = nn.Parameter(Scalars.Mul(randn([1, c.Tokens, c.Width], generator: generator), 0.02f));
        blocks = nn.ModuleList(Enumerable.Range(0, c.Depth).Select(i => new Block($"{i}", c)).ToArray());
        norm = nn.LayerNorm(c.Width);
        head = nn.Linear(c.Width, Data.FashionMnist.Classes);
        RegisterComponents();
    }

    public VitConfig Config { get; }
    public IReadOnlyList<Block> Blocks => [.. blocks];
    public Linear Head => head;

    public override Tensor forward(Tensor x)
    {
        var n = x.shape[0];
        var g = 28 / patch;
        var patches = x.reshape(n, g, patch, g, patch).permute(0, 1, 3, 2, 4).reshape(n, g * g, patch * patch);
        var h = Scalars.Plus(cat([cls_token.expand(n, 1, -1), patch_embed.forward(patches)], 1), pos_embed);
        foreach (var block in blocks) h = block.forward(h);
        return head.forward(norm.forward(h.select(1, 0)));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            patch_embed.Dispose(); cls_token.Dispose(); pos_embed.Dispose();
            foreach (var b in blocks) b.Dispose();
            blocks.Dispose(); norm.Dispose(); head.Dispose();
        }
        base.Dispose(disposing);
    }
}
