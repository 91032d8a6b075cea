using CoToSweep.Training.Adapters;
using CoToSweep.Training.Data;
using CoToSweep.Training.Merging;
using CoToSweep.Training.Models;
using CoToSweep.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Evaluation;

/// <summary>
/// A base model and one task's data, evaluated with any delta set in place of adapters: each projection's ΔW as its
/// <see cref="AdaptedLinear.DenseDelta"/>, the head as base + its change. Opened once per task and reused; each
/// evaluation puts the base model back afterwards. Not thread-safe.
/// </summary>
public sealed class DeltaModel : IDisposable
{
    private readonly VisionTransformer model;
    private readonly TaskData data;
    private readonly IReadOnlyDictionary<string, AdaptedLinear> projections;
    private readonly IReadOnlyDictionary<string, Tensor> baseHead;

    private DeltaModel(VisionTransformer model, TaskData data)
    {
        this.model = model;
        this.data = data;
        projections = Enumerable.Range(0, model.Blocks.Count)
            .SelectMany(l => model.Blocks[l].Attn.Projections.Select(kv => (Path: AdapterSite.PathFor(l, kv.Key), Linear: kv.Value)))
            .ToDictionary(p => p.Path, p => p.Linear);
        using var _ = no_grad();
        baseHead = model.Head.named_parameters().ToDictionary(p => $"head.{p.name}", p => p.parameter.detach().clone().DetachFromDisposeScope());
    }

    public static DeltaModel Open(VitConfig baseConfig, string task, SplitSizes sizes, TrainingEnvironment env, CancellationToken ct = default)
    {
        var model = env.BaseModels.Load(baseConfig, env.Data, env.Device, ct);
        try { return new DeltaModel(model, TaskData.Build(env.Data, task, sizes, env.Device)); }
        catch { model.Dispose(); throw; }
    }

    /// <summary>Accuracy and loss on <paramref name="split"/> of base + <paramref name="deltas"/>.</summary>
    public EvalResult Evaluate(DeltaSet deltas, string split)
    {
        var head = model.Head.named_parameters().ToDictionary(p => $"head.{p.name}", p => p.parameter);
        try
        {
            foreach (var (name, delta) in deltas.Tensors)
            {
                if (DeltaSet.IsHead(name)) SetHead(head[name], name, delta);
                else if (projections.TryGetValue(name, out var linear)) linear.DenseDelta = delta;
                else throw new ArgumentException($"the delta set changes {name}, which the base model does not have");
            }
            return Evaluator.Evaluate(model, data.Split(split));
        }
        finally
        {
            foreach (var linear in projections.Values) linear.DenseDelta = null;
            foreach (var (name, p) in head) SetHead(p, name, null);
        }
    }

    private void SetHead(Tensor parameter, string name, Tensor? delta)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        parameter.copy_(delta is null ? baseHead[name] : Scalars.Plus(baseHead[name], delta));
    }

    public void Dispose()
    {
        data.Dispose();
        model.Dispose();
        foreach (var t in baseHead.Values) t.Dispose();
    }
}
