using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// Nemesis's prompt-norm losses (ALGORITHMS.md §2). PUN: A · mean_i ‖v_i‖. PAN: each step, <c>np</c> positions drawn
/// at random are each rescaled by <c>cw</c> and the batch re-scored without gradient; those whose rescaled prompt gets
/// strictly more of the batch right get weight A, and L_PAN = A · mean of their norms (0 when none); <c>random&lt;k&gt;</c>
/// gives weight A to k random positions with no pre-inference. The total is ω · [β · PUN + (1 − β) · PAN].
/// </summary>
public sealed class NemesisLoss(NemesisConfig config)
{
    /// <summary>A · mean over positions of the norms.</summary>
    public static Tensor Pun(Tensor ctx, string normType, double a)
    {
        using var norms = PromptNorms.Of(ctx, normType);
        using var mean = norms.mean();
        return Scalars.Mul(mean, a);
    }

    /// <summary>A · mean of the norms at <paramref name="selected"/> (a zero tensor when none are).</summary>
    public static Tensor PanOf(Tensor ctx, string normType, double a, IReadOnlyList<long> selected)
    {
        if (selected.Count == 0) return zeros([], device: ctx.device);
        using var norms = PromptNorms.Of(ctx, normType);
        using var index = tensor(selected.ToArray(), device: ctx.device);
        using var picked = norms.index_select(0, index);
        using var mean = picked.mean();
        return Scalars.Mul(mean, a);
    }

    /// <summary>
    /// The candidate positions whose context vector, rescaled by <paramref name="cw"/> (the others unchanged), makes
    /// strictly more of the batch correct than <paramref name="correct"/> of the unchanged prompt. No gradient.
    /// </summary>
    public static IReadOnlyList<long> Select(Tensor ctx, IReadOnlyList<long> candidates, double cw, Func<Tensor, long> countCorrect, long correct)
    {
        using var _ = no_grad();
        var selected = new List<long>();
        foreach (var position in candidates)
        {
            using var scope = NewDisposeScope();
            var scaled = ctx.detach().clone();
            var row = scaled.dim() == 3 ? scaled.select(1, position) : scaled.select(0, position);
            row.mul_(cw);
            if (countCorrect(scaled) > correct) selected.Add(position);
        }
        return selected;
    }

    /// <summary>The regulariser of one step and how many positions PAN weighted (null: PAN not used).</summary>
    public (Tensor Loss, int? Selected) Compute(Tensor ctx, int epoch, Func<Tensor, long> countCorrect, long correct, Generator pan)
    {
        using var scope = NewDisposeScope();
        var omega = config.OmegaAt(epoch);
        var total = zeros([], device: ctx.device);
        int? selectedCount = null;
        if (config.Beta > 0) total = Scalars.Plus(total, Scalars.Mul(Pun(ctx, config.NormType, config.A), config.Beta));
        if (config.Beta < 1)
        {
            var (random, k) = NemesisKind.ParseNp(config.Np) ?? throw new ArgumentException($"bad np '{config.Np}'");
            var positions = randperm(config.NCtx, generator: pan).narrow(0, 0, k).data<long>().ToArray();
            var selected = random ? positions : Select(ctx, positions, config.Cw, countCorrect, correct);
            selectedCount = selected.Count;
            total = Scalars.Plus(total, Scalars.Mul(PanOf(ctx, config.NormType, config.A, selected), 1 - config.Beta));
        }
        return (Scalars.Mul(total, omega).MoveToOuterDisposeScope(), selectedCount);
    }
}
