using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Evaluation;

public readonly record struct EvalResult(double Accuracy, double Loss);

/// <summary>Accuracy and mean cross-entropy over a split, without gradients, in batches.</summary>
public static class Evaluator
{
    public static EvalResult Evaluate(nn.Module<Tensor, Tensor> model, (Tensor X, Tensor Y) split, int batchSize = 500)
    {
        var wasTraining = model.training;
        model.eval();
        using var _ = no_grad();
        var n = split.X.shape[0];
        double correct = 0, lossSum = 0;
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var len = Math.Min(batchSize, n - start);
            var logits = model.forward(split.X.narrow(0, start, len));
            var y = split.Y.narrow(0, start, len);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(y).sum().item<long>();
        }
        if (wasTraining) model.train();
        return new EvalResult(correct / n, lossSum / n);
    }
}
