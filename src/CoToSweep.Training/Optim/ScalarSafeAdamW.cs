using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoToSweep.Training.Optim;

/// <summary>
/// AdamW (decoupled weight decay; amsgrad and maximize off), the same arithmetic as torch's and TorchSharp's, with
/// every Scalar created and disposed explicitly: TorchSharp's own <c>optim.AdamW</c> passes numbers as implicit,
/// finalizer-freed Scalars, which a collection can free mid-call when trials train on several threads (see
/// <see cref="Scalars"/>). A parameter whose gradient is None is skipped: no moment update, no decay, no step count.
/// </summary>
public sealed class ScalarSafeAdamW : IDisposable
{
    /// <summary>One parameter's state: its own step count and both moments.</summary>
    public sealed class State(Tensor expAvg, Tensor expAvgSq)
    {
        public long Step { get; internal set; }
        public Tensor ExpAvg { get; } = expAvg;
        public Tensor ExpAvgSq { get; } = expAvgSq;
    }

    private readonly Parameter[] parameters;
    private readonly State[] states;

    public ScalarSafeAdamW(IEnumerable<Parameter> parameters, double lr, double weightDecay = 0.01,
        double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        if (lr < 0) throw new ArgumentException($"invalid learning rate: {lr}");
        if (weightDecay < 0) throw new ArgumentException($"invalid weight decay: {weightDecay}");
        this.parameters = parameters.ToArray();
        states = this.parameters.Select(p => new State(zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope())).ToArray();
        LearningRate = lr;
        (WeightDecay, Beta1, Beta2, Eps) = (weightDecay, beta1, beta2, eps);
    }

    public double LearningRate { get; set; }
    public double WeightDecay { get; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }

    /// <summary>The state of one of the optimized parameters.</summary>
    public State StateOf(Parameter p)
    {
        var i = Array.FindIndex(parameters, q => q.Handle == p.Handle);
        return i >= 0 ? states[i] : throw new ArgumentException("not a parameter of this optimizer");
    }

    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var lr = LearningRate;
        using var decay = (1 - lr * WeightDecay).ToScalar();
        using var beta1 = Beta1.ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var eps = Eps.ToScalar();
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var grad = p.grad;
            if (grad is null) continue;
            var s = states[i];
            s.Step++;
            p.mul_(decay);
            var biasCorrection1 = 1 - Math.Pow(Beta1, s.Step);
            var biasCorrection2 = 1 - Math.Pow(Beta2, s.Step);
            s.ExpAvg.mul_(beta1).add_(grad, alpha: oneMinusBeta1);
            s.ExpAvgSq.mul_(beta2).addcmul_(grad, grad, value: oneMinusBeta2);
            using var sqrtBc2 = Math.Sqrt(biasCorrection2).ToScalar();
            var denom = s.ExpAvgSq.sqrt().div_(sqrtBc2).add_(eps, Scalars.One);   // an explicit alpha: see Scalars.One
            using var stepSize = (-(lr / biasCorrection1)).ToScalar();
            p.addcdiv_(s.ExpAvg, denom, value: stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var s in states) { s.ExpAvg.Dispose(); s.ExpAvgSq.Dispose(); }
    }
}
