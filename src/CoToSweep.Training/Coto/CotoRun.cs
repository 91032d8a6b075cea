using CoToSweep.Training.Adapters;
using CoToSweep.Training.Checkpoints;
using CoToSweep.Training.Data;
using CoToSweep.Training.Evaluation;
using CoToSweep.Training.Models;
using CoToSweep.Training.Optim;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoToSweep.Training.Coto;

/// <summary>
/// One trial's live state: the frozen base model with adapters, the optimizer, the task data and the trial's
/// generators. <see cref="Step"/> does one optimizer step under a given mask; the trainer drives it.
/// </summary>
public sealed class CotoRun : IDisposable
{
    private readonly Generator generator;
    private readonly IReadOnlyList<Parameter> trainable;
    private readonly TaskDataCache.Lease data;

    private CotoRun(CotoConfig config, VisionTransformer model, AdapterLayout layout, TaskDataCache.Lease data, Generator generator)
    {
        Config = config;
        Model = model;
        Layout = layout;
        Groups = layout.Groups(config.Schedule.Granularity);
        this.data = data;
        this.generator = generator;
        trainable = model.parameters().Where(p => p.requires_grad).ToArray();
        // AdamW skips a parameter whose gradient is None (no moment update, no weight decay); inactive adapters
        // are never in the graph and gradients are reset to None after each step, so they are left untouched.
        // Not TorchSharp's optim.AdamW: its implicit Scalars can be freed mid-call when trials share a process.
        Optimizer = new ScalarSafeAdamW(trainable, config.Lr, config.WeightDecay);
        GateRandom = new Random(unchecked((int)(config.Seed * 1_000_003 + 12_345)));
    }

    public CotoConfig Config { get; }
    public VisionTransformer Model { get; }
    public AdapterLayout Layout { get; }
    public IReadOnlyList<AdapterGroup> Groups { get; }
    /// <summary>The task's splits, shared with other trials of this process (read only).</summary>
    public TaskData Data => data.Data;
    public ScalarSafeAdamW Optimizer { get; }
    public Random GateRandom { get; }
    public IReadOnlyList<Parameter> Trainable => trainable;

    public static CotoRun Create(CotoConfig config, TrainingEnvironment env, CancellationToken ct = default)
    {
        config.Validate();
        var model = env.BaseModels.Load(config.Base, env.Data, env.Device, ct);
        var g = new Generator((ulong)config.Seed);
        var layout = AdapterFactory.Attach(model, config.Adapter, g, config.TrainHead);
        model.to(env.Device);
        var data = env.Tasks.Get(env.Data, config.Task, config.Sizes, env.Device);
        return new CotoRun(config, model, layout, data, g);
    }

    /// <summary>The learning rate at a step: constant, or cosine decay to 0 over the run.</summary>
    public double LearningRate(long step) => LearningRate(Config.LrSchedule, Config.Lr, step, Config.Steps);

    /// <summary>The learning rate at a step of <paramref name="steps"/> under <c>lr_schedule</c>.</summary>
    public static double LearningRate(string schedule, double lr, long step, long steps) => schedule switch
    {
        "constant" => lr,
        "cosine" => lr * 0.5 * (1 + Math.Cos(Math.PI * step / steps)),
        _ => throw new ArgumentException($"unknown lr_schedule '{schedule}'"),
    };

    /// <summary>One optimizer step with the given groups active; returns the batch's training loss.</summary>
    public double Step(long step, IReadOnlyList<bool> mask)
    {
        AdapterLayout.Apply(Groups, mask);
        Model.train();
        using var scope = NewDisposeScope();
        Optimizer.LearningRate = LearningRate(step);
        var idx = randint(Data.Train.X.shape[0], [Config.BatchSize], generator: generator).to(Data.Train.X.device);
        var loss = nn.functional.cross_entropy(Model.forward(Data.Train.X[idx]), Data.Train.Y[idx]);
        loss.backward();
        Optimizer.Step();
        Model.zero_grad(); // set_to_none: a group skipped next step must not see this step's gradient
        return loss.item<float>();
    }

    /// <summary>Evaluates a split with the groups in <paramref name="mask"/> active (null: all).</summary>
    public EvalResult Evaluate(string split, IReadOnlyList<bool>? mask = null)
    {
        AdapterLayout.Apply(Groups, mask);
        try { return Evaluator.Evaluate(Model, Data.Split(split)); }
        finally { AdapterLayout.Apply(Groups, null); }
    }

    public void SaveAdapter(string path) => AdapterCheckpoint.Save(path, Config, Layout, Model);

    public void Dispose()
    {
        Optimizer.Dispose();
        data.Dispose();
        Model.Dispose();
        generator.Dispose();
    }
}
