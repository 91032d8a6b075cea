using CoToSweep.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>One pre-norm transformer block with causal single-head attention, as CLIP's text tower (smaller).</summary>
public sealed class TextBlock : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.LayerNorm ln1, ln2;
    private readonly TorchSharp.Modules.Linear qkv, outProj, fc1, fc2;

    public TextBlock(string name, int width) : base(name)
    {
        ln1 = nn.LayerNorm(width);
        ln2 = nn.LayerNorm(width);
        qkv = nn.Linear(width, 3 * width);
        outProj = nn.Linear(width, width);
        fc1 = nn.Linear(width, 2 * width);
        fc2 = nn.Linear(2 * width, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var parts = qkv.forward(ln1.forward(x)).unsqueeze(1).chunk(3, -1);
        // Causal: a token sees only those before it, so padding after the end-of-text token changes nothing.
        var attended = nn.functional.scaled_dot_product_attention(parts[0], parts[1], parts[2], is_casual: true).squeeze(1);
        var h = Scalars.Plus(x, outProj.forward(attended));
        var y = Scalars.Plus(h, fc2.forward(nn.functional.gelu(fc1.forward(ln2.forward(h)))));
        return y.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { ln1.Dispose(); ln2.Dispose(); qkv.Dispose(); outProj.Dispose(); fc1.Dispose(); fc2.Dispose(); }
        base.Dispose(disposing);
    }
}
