using System.Diagnostics;
using CoToSweep.Training.Adapters;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Models;
using static TorchSharp.torch;

namespace CoToSweep.Training.Benchmarks;

public sealed record TrainingBenchmarkOptions(int Steps = 40, int Warmup = 5, int BatchSize = 32, string Method = "lora", int MatmulSize = 1024);

public sealed record TrainingBenchmarkResult(
    VitConfig Model, TrainingBenchmarkOptions Options, int Threads,
    double StepsPerSecond, double ModelFlopsPerSecond, double MatmulFlopsPerSecond,
    double MsPerStepFull, double MsPerStepHalf, double ActiveFractionHalf)
{
    public double FlopsFraction => ModelFlopsPerSecond / MatmulFlopsPerSecond;
    public double HalfOverFull => MsPerStepHalf / MsPerStepFull;
}

/// <summary>
/// Training throughput of a fixed model (the default base ViT with rank-4 adapters on q, k, v, o), its FLOP/s as a
/// fraction of a large matrix product's FLOP/s in the same process and thread setting, and time per step at a
/// constant p = 0.5 against p = 1 (skipped adapters must save real time).
/// </summary>
public static class TrainingBenchmark
{
    // One pretraining step: the benchmark times adapter training, so base weights only need to exist.
    public static readonly VitConfig Model = new(PretrainSteps: 1);

    public static TrainingBenchmarkResult Run(TrainingEnvironment env, TrainingBenchmarkOptions o, CancellationToken ct = default)
    {
        var full = Time(env, o, 1.0, ct);
        var half = Time(env, o, 0.5, ct);
        var flopsPerStep = o.BatchSize * StepFlopsPerSample(Model, o.Method, rank: 4);
        return new TrainingBenchmarkResult(Model, o, get_num_threads(),
            1000.0 / full.Ms, flopsPerStep * 1000.0 / full.Ms, MatmulFlops(o.MatmulSize, env.Device),
            full.Ms, half.Ms, half.Active);
    }

    private static (double Ms, double Active) Time(TrainingEnvironment env, TrainingBenchmarkOptions o, double p, CancellationToken ct)
    {
        var config = new CotoConfig
        {
            Steps = o.Warmup + o.Steps, BatchSize = o.BatchSize, TrainSize = 1000, ValSize = 100, TestSize = 100, Base = Model,
            Adapter = new AdapterSpec(o.Method, 4, 8), Schedule = new ScheduleSpec("constant", PEnd: p),
        };
        using var run = CotoRun.Create(config, env, ct);
        var clock = new Stopwatch();
        double active = 0;
        for (var step = 0; step < config.Steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            if (step == o.Warmup) clock.Start();
            var mask = CotoTrainer.DrawMask(run, p);
            if (step >= o.Warmup) active += mask.Count(m => m) / (double)mask.Length;
            run.Step(step, mask);
        }
        return (clock.Elapsed.TotalMilliseconds / o.Steps, active / o.Steps);
    }

    /// <summary>
    /// Multiply–adds ×2 of one sample's forward pass with all adapters, times 2 for the backward pass (gradients
    /// with respect to activations through every layer; the adapters' own weight gradients are a small extra that
    /// is left out, so the figure is a slight underestimate).
    /// </summary>
    public static double StepFlopsPerSample(VitConfig c, string method, int rank)
    {
        double t = c.Tokens, d = c.Width, m = c.MlpHidden, patch = c.PatchSize * c.PatchSize;
        var adapter = method is "lora" or "rslora" ? 4 * 2 * t * 2 * d * rank : 4 * (2 * t * d * d + 2 * d * d * rank);
        var block = 4 * 2 * t * d * d + 2 * 2 * t * t * d + 2 * 2 * t * d * m + adapter;
        var forward = 2 * (t - 1) * patch * d + c.Depth * block + 2 * d * 10;
        return 2 * forward;
    }

    private static double MatmulFlops(int n, Device device)
    {
        using var a = randn(n, n, device: device);
        using var b = randn(n, n, device: device);
        using (var warm = a.matmul(b)) { }
        var reps = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 1.0 || reps < 3)
        {
            using var c = a.matmul(b);
            _ = c[0, 0].item<float>(); // forces completion on asynchronous devices
            reps++;
        }
        return reps * 2.0 * n * n * n / clock.Elapsed.TotalSeconds;
    }
}
