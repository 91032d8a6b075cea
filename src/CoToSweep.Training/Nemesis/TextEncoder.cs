using CoToSweep.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// The mini-CLIP's text tower over word embeddings: positional embedding, causal blocks, a final norm, and the
/// end-of-text token's feature projected to the joint embedding. It takes embeddings, not ids, so that CoOp's learned
/// context vectors can stand where word embeddings would.
/// </summary>
public sealed class TextEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Longest token sequence: the most context vectors, a two-word class name, the end token, and room.</summary>
    public const int MaxLength = 40;

    private readonly TorchSharp.Modules.Embedding token_embedding;
    private readonly TorchSharp.Modules.Parameter positional_embedding;
    private readonly TorchSharp.Modules.ModuleList<TextBlock> blocks;
    private readonly TorchSharp.Modules.LayerNorm ln_final;
    private readonly TorchSharp.Modules.Linear proj;

    public TextEncoder(ClipConfig c) : base("text")
    {
        token_embedding = nn.Embedding(Vocabulary.Words.Count, c.Width);
        positional_embedding = nn.Parameter(zeros(MaxLength, c.Width));
        blocks = nn.ModuleList(Enumerable.Range(0, c.TextLayers).Select(i => new TextBlock($"block{i}", c.Width)).ToArray());
        ln_final = nn.LayerNorm(c.Width);
        proj = nn.Linear(c.Width, c.Embed, hasBias: false);
        RegisterComponents();
    }

    /// <summary>Word embeddings of token ids [.., L] → [.., L, width].</summary>
    public Tensor Embed(Tensor ids) => token_embedding.forward(ids);

    /// <summary>Features [B, embed] of embedded texts [B, L, width] whose end-of-text tokens are at <paramref name="eot"/> [B].</summary>
    public override Tensor forward(Tensor embeddings, Tensor eot)
    {
        using var scope = NewDisposeScope();
        var length = embeddings.shape[1];
        var x = Scalars.Plus(embeddings, positional_embedding.narrow(0, 0, length));
        foreach (var block in blocks) x = block.forward(x);
        x = ln_final.forward(x);
        var rows = arange(x.shape[0], device: x.device);
        return proj.forward(x[rows, eot]).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { token_embedding.Dispose(); positional_embedding.Dispose(); blocks.Dispose(); ln_final.Dispose(); proj.Dispose(); }
        base.Dispose(disposing);
    }
}
