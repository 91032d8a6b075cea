using CoToSweep.Training.Adapters;
using CoToSweep.Training.Checkpoints;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Merging;

/// <summary>
/// A trained adapter as plain tensors, with no model kept: its configuration, each projection's factor tensors (by
/// checkpoint name) and frozen weight W0, and its delta set. What merging needs of a member; tensors detached from
/// any dispose scope (callers cache them) and owned by this object.
/// </summary>
public sealed class AdapterTensors(
    CotoConfig config,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> factors,
    IReadOnlyDictionary<string, Tensor> frozen,
    DeltaSet deltas) : IDisposable
{
    public CotoConfig Config { get; } = config;

    /// <summary>Projection path → factor name (lora_A.weight, …) → tensor.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Tensor>> Factors { get; } = factors;

    /// <summary>Projection path → the base model's weight there (DoRA's and HiRA's ΔW depend on it).</summary>
    public IReadOnlyDictionary<string, Tensor> Frozen { get; } = frozen;

    public DeltaSet Deltas { get; } = deltas;

    /// <summary>Rebuilds the trial's model from its base model and checkpoint, reads everything off it, and disposes it.</summary>
    public static AdapterTensors Load(string adapterPath, TrainingEnvironment env, CancellationToken ct = default)
    {
        var config = AdapterCheckpoint.ReadConfig(adapterPath);
        using var model = env.BaseModels.Load(config.Base, env.Data, env.Device, ct);
        using (var init = new Generator(0)) // initial adapter values only; the checkpoint overwrites them
        {
            var layout = AdapterFactory.Attach(model, config.Adapter, init, config.TrainHead);
            model.to(env.Device);
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var baseHead = model.Head.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
            AdapterCheckpoint.LoadInto(adapterPath, config, layout, model);
            var deltas = new Dictionary<string, Tensor>();
            var factors = new Dictionary<string, IReadOnlyDictionary<string, Tensor>>();
            var frozen = new Dictionary<string, Tensor>();
            foreach (var site in layout.Sites)
            {
                deltas[site.Path] = Keep(site.Linear.Adapter!.DeltaWeight(site.Linear.Frozen));
                factors[site.Path] = site.Linear.Adapter.Tensors.ToDictionary(kv => kv.Key, kv => Keep(kv.Value.detach().clone()));
                frozen[site.Path] = Keep(site.Linear.Frozen.weight!.detach().clone());
            }
            if (config.TrainHead)
                foreach (var (name, p) in model.Head.named_parameters())
                    deltas[$"head.{name}"] = Keep(Scalars.Minus(p.detach(), baseHead[name]));
            return new AdapterTensors(config, factors, frozen, new DeltaSet(deltas));
        }
    }

    private static Tensor Keep(Tensor t) => t.DetachFromDisposeScope();

    public void Dispose()
    {
        Deltas.Dispose();
        foreach (var t in Factors.Values.SelectMany(f => f.Values).Concat(Frozen.Values)) t.Dispose();
    }
}
