using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// CoOp's learnable context: M vectors in the text tower's word-embedding space, shared by all classes (or one set per
/// class, <c>csc</c>), placed before (<c>end</c>), after (<c>front</c>) or around (<c>middle</c>) each class name's word
/// embeddings, followed by the end-of-text token. Initialised N(0, 0.02²) or from a phrase's word embeddings.
/// </summary>
public sealed class PromptLearner : IDisposable
{
    private readonly MiniClip clip;
    private readonly string position;

    public PromptLearner(NemesisConfig config, MiniClip clip, Generator g)
    {
        this.clip = clip;
        position = config.ClassTokenPosition;
        var width = clip.Config.Width;
        using var _ = no_grad();
        Tensor init;
        var words = NemesisKind.InitWords(config.CtxInit);
        if (words.Count > 0)
        {
            using var ids = tensor(Vocabulary.Tokens(config.CtxInit), device: Device);
            using var phrase = clip.Text.Embed(ids);
            init = config.Csc ? phrase.unsqueeze(0).repeat(config.BaseClasses.Count, 1, 1) : phrase.clone();
        }
        else
        {
            long[] shape = config.Csc ? [config.BaseClasses.Count, config.NCtx, width] : [config.NCtx, width];
            using var z = randn(shape, generator: g);
            init = Scalars.Mul(z, 0.02).to(Device);
        }
        Context = new TorchSharp.Modules.Parameter(init, requires_grad: true);
    }

    /// <summary>[M, W], or [C, M, W] with <c>csc</c>.</summary>
    public TorchSharp.Modules.Parameter Context { get; }

    private Device Device => clip.parameters().First().device;

    /// <summary>Unit text features [C, E] of the classes with the learned context.</summary>
    public Tensor Encode(IReadOnlyList<int> classes) => Encode(clip, Context, classes, position);

    /// <summary>Unit text features [C, E] of the classes with context <paramref name="ctx"/> (a corrupted or rescaled one too).</summary>
    public static Tensor Encode(MiniClip clip, Tensor ctx, IReadOnlyList<int> classes, string position)
    {
        using var scope = NewDisposeScope();
        var device = ctx.device;
        var eotId = Vocabulary.Id(Vocabulary.Eot);
        using var padIds = tensor(new[] { Vocabulary.Id(Vocabulary.Pad) }, device: device);
        var pad = clip.Text.Embed(padIds);
        var eot = clip.Text.Embed(tensor(new[] { eotId }, device: device));
        var rows = new List<Tensor>();
        var ends = new List<long>();
        for (var i = 0; i < classes.Count; i++)
        {
            var v = ctx.dim() == 3 ? ctx[i] : ctx;
            var name = clip.Text.Embed(tensor(Vocabulary.Tokens(Vocabulary.ClassNames[classes[i]]), device: device));
            var m = v.shape[0];
            Tensor[] parts = position switch
            {
                "end" => [v, name, eot],
                "front" => [name, v, eot],
                "middle" => [v.narrow(0, 0, m / 2), name, v.narrow(0, m / 2, m - m / 2), eot],
                _ => throw new ArgumentException($"unknown class_token_position '{position}'"),
            };
            var row = cat(parts, 0);
            rows.Add(row);
            ends.Add(row.shape[0] - 1);
        }
        var length = rows.Max(r => r.shape[0]);
        var padded = rows.Select(r => r.shape[0] == length ? r : cat([r, pad.expand(length - r.shape[0], -1)], 0)).ToArray();
        var features = clip.Text.forward(stack(padded), tensor(ends.ToArray(), device: device));
        return MiniClip.Normalised(features).MoveToOuterDisposeScope();
    }

    public void Dispose() => Context.Dispose();
}
