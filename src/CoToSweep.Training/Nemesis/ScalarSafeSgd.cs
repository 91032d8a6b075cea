using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// SGD with momentum and (coupled) weight decay, as torch's and CoOp's: d = g + wd·p; buf = μ·buf + d (buf = d at the
/// first step); p −= lr·buf. Every Scalar is explicit (see <see cref="Scalars"/>), like <see cref="ScalarSafeAdamW"/>.
/// </summary>
public sealed class ScalarSafeSgd(TorchSharp.Modules.Parameter parameter, double momentum, double weightDecay) : IDisposable
{
    private Tensor? buffer;

    public double LearningRate { get; set; }

    public void Step()
    {
        if (parameter.grad is not { } grad) return;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var d = weightDecay == 0 ? grad.clone() : Scalars.Plus(grad, Scalars.Mul(parameter, weightDecay));
        if (buffer is null) buffer = d.clone().DetachFromDisposeScope();
        else
        {
            buffer.copy_(Scalars.Plus(Scalars.Mul(buffer, momentum), d));
        }
        parameter.copy_(Scalars.Minus(parameter, Scalars.Mul(buffer, LearningRate)));
    }

    public void Dispose() => buffer?.Dispose();
}
