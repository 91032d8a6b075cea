using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Models;

/// <summary>Multi-head self-attention whose q, k, v and o projections can carry adapters.</summary>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly AdaptedLinear q, k, v, o;
    private readonly long heads;

    public Attention(string name, long width, long heads) : base(name)
    {
        this.heads = heads;
        q = new AdaptedLinear("q", width, width);
        k = new AdaptedLinear("k", width, width);
        v = new AdaptedLinear("v", width, width);
        o = new AdaptedLinear("o", width, width);
        RegisterComponents();
    }

    /// <summary>The projections by their adapter-target names.</summary>
    public IReadOnlyDictionary<string, AdaptedLinear> Projections => new Dictionary<string, AdaptedLinear>
    {
        ["q"] = q, ["k"] = k, ["v"] = v, ["o"] = o,
    };

    public override Tensor forward(Tensor x)
    {
        var (b, t, d) = (x.shape[0], x.shape[1], x.shape[2]);
        Tensor Heads(Tensor y) => y.view(b, t, heads, d / heads).transpose(1, 2);
        var attended = nn.functional.scaled_dot_product_attention(Heads(q.forward(x)), Heads(k.forward(x)), Heads(v.forward(x)));
        return o.forward(attended.transpose(1, 2).reshape(b, t, d));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { q.Dispose(); k.Dispose(); v.Dispose(); o.Dispose(); }
        base.Dispose(disposing);
    }
}
