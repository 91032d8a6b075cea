using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training.Adapters;
using CoToSweep.Training.Data;
using CoToSweep.Training.Models;

namespace CoToSweep.Training.Coto;

/// <summary>Everything one CoTo trial needs. Serialised into the adapter checkpoint so it can be evaluated later.</summary>
public sealed record CotoConfig
{
    public string Task { get; init; } = "fmnist-rotated";
    public int Steps { get; init; } = 300;
    public double Lr { get; init; } = 5e-3;
    public string LrSchedule { get; init; } = "cosine";
    public int BatchSize { get; init; } = 32;
    public double WeightDecay { get; init; } = 0.01;
    public int EvalEvery { get; init; } = 50;
    public int? TrainSize { get; init; }
    public int ValSize { get; init; } = 500;
    public int TestSize { get; init; } = 1000;
    public bool TrainHead { get; init; }
    public long Seed { get; init; }
    public AdapterSpec Adapter { get; init; } = new();
    public ScheduleSpec Schedule { get; init; } = new();
    public VitConfig Base { get; init; } = new();

    public SplitSizes Sizes => new(TrainSize, ValSize, TestSize);

    public void Validate()
    {
        TaskCatalog.Get(Task);
        Adapter.Validate();
        Schedule.Validate();
        Base.Validate();
        if (Steps < 1 || BatchSize < 1 || EvalEvery < 1) throw new ArgumentException("steps, batch_size and eval_every must be positive");
        if (Lr <= 0 || WeightDecay < 0) throw new ArgumentException("lr must be positive and weight_decay not negative");
        if (!CotoKind.LrSchedules.Contains(LrSchedule)) throw new ArgumentException($"unknown lr_schedule '{LrSchedule}' (cosine or constant)");
    }
}
