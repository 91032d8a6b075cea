using CoToSweep.Training;
using CoToSweep.Training.Adapters;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Models;

namespace CoToSweep.Training.Tests;

/// <summary>A tiny world so that TorchSharp tests take a second: 7×7 patches, 2 blocks of width 16, few steps.</summary>
public static class Tiny
{
    public static readonly VitConfig Base = new(PatchSize: 7, Depth: 3, Width: 16, Heads: 2, MlpHidden: 32, PretrainSteps: 20, PretrainBatch: 32, PretrainLr: 3e-3);

    public static CotoConfig Config(string method = "lora", long seed = 1, int steps = 12) => new()
    {
        Task = "fmnist-rotated",
        Steps = steps,
        BatchSize = 16,
        Lr = 1e-2,
        WeightDecay = 0.1,
        EvalEvery = 4,
        TrainSize = 400,
        ValSize = 200,
        TestSize = 200,
        Seed = seed,
        Adapter = new AdapterSpec(method, 2, 4),
        Schedule = new ScheduleSpec("linear", 0, 1, 0.75),
        Base = Base,
    };

    private static readonly Lazy<TrainingEnvironment> Shared = new(() =>
    {
        TorchRuntime.SetThreads(1);
        var cache = Path.Combine(Path.GetTempPath(), "cotosweep-tests-models");
        return TrainingEnvironment.Create(null, cache, "cpu");
    });

    /// <summary>Shipped subset unless the full set is installed; the base model cache is shared by all tests.</summary>
    public static TrainingEnvironment Env => Shared.Value;
}
