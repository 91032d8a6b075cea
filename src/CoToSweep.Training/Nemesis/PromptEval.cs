using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>Accuracy and mean cross-entropy of image features against class text features, under no_grad.</summary>
public static class PromptEval
{
    public static (double Accuracy, double Loss) Score((Tensor X, Tensor Y) set, Tensor texts, double scale)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        if (set.Y.shape[0] == 0) return (double.NaN, double.NaN);
        var logits = MiniClip.Logits(set.X, texts, scale);
        var correct = logits.argmax(1).eq(set.Y).sum().item<long>();
        var loss = nn.functional.cross_entropy(logits, set.Y).item<float>();
        return ((double)correct / set.Y.shape[0], loss);
    }

    /// <summary>How many of a batch are right.</summary>
    public static long Correct(Tensor logits, Tensor y)
    {
        using var _ = no_grad();
        using var argmax = logits.argmax(1);
        using var eq = argmax.eq(y);
        using var sum = eq.sum();
        return sum.item<long>();
    }

    /// <summary>The harmonic mean of base and new accuracy (CoOp's H).</summary>
    public static double Harmonic(double b, double n) => b + n > 0 ? 2 * b * n / (b + n) : 0;
}
