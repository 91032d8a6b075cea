using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>‖v_i‖ per context position (ALGORITHMS.md §2): the one-, two- or inf-norm over the embedding dimension.</summary>
public static class PromptNorms
{
    /// <summary>Norms [M] of context [M, W]; per-class context [C, M, W] gives each position its mean over the classes.</summary>
    public static Tensor Of(Tensor ctx, string normType)
    {
        using var scope = NewDisposeScope();
        var dim = ctx.dim() - 1;
        var norms = normType switch
        {
            "one" => ctx.abs().sum(dim),
            "two" => ctx.square().sum(dim).sqrt(),
            "inf" => ctx.abs().amax([dim]),
            _ => throw new ArgumentException($"unknown norm_type '{normType}'"),
        };
        return (norms.dim() == 2 ? norms.mean([0]) : norms).MoveToOuterDisposeScope();
    }

    /// <summary>The norms as .NET numbers.</summary>
    public static double[] Values(Tensor ctx, string normType)
    {
        using var _ = no_grad();
        using var norms = Of(ctx.detach(), normType);
        return norms.to(float64).data<double>().ToArray();
    }
}
