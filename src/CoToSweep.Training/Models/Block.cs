using CoToSweep.Training.Optim;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoToSweep.Training.Models;

/// <summary>A pre-norm transformer block: x + attn(ln(x)), then x + mlp(ln(x)).</summary>
public sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln1, ln2;
    private readonly Attention attn;
    private readonly Linear fc1, fc2;

    public Block(string name, VitConfig c) : base(name)
    {
        ln1 = nn.LayerNorm(c.Width);
        attn = new Attention("attn", c.Width, c.Heads);
        ln2 = nn.LayerNorm(c.Width);
        fc1 = nn.Linear(c.Width, c.MlpHidden);
        fc2 = nn.Linear(c.MlpHidden, c.Width);
        RegisterComponents();
    }

    public Attention Attn => attn;

    public override Tensor forward(Tensor x)
    {
        var h = Scalars.Plus(x, attn.forward(ln1.forward(x)));
        return Scalars.Plus(h, fc2.forward(nn.functional.gelu(fc1.forward(ln2.forward(h)))));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { ln1.Dispose(); attn.Dispose(); ln2.Dispose(); fc1.Dispose(); fc2.Dispose(); }
        base.Dispose(disposing);
    }
}
