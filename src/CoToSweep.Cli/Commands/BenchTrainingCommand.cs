using System.ComponentModel;
using System.Globalization;
using CoToSweep.Training;
using CoToSweep.Training.Benchmarks;
using CoToSweep.Training.Data;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Adapter-training throughput of a fixed model: steps/s, its FLOP/s as a fraction of a large matrix product's
/// FLOP/s measured in the same process, and time per step at p = 0.5 against p = 1 (what skipping saves).
/// </summary>
public sealed class BenchTrainingCommand : Command<BenchTrainingCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--steps <N>")]
        [Description("Timed optimizer steps per measurement (default 40, after 5 warm-up steps).")]
        public int Steps { get; init; } = 40;

        [CommandOption("--batch <N>")]
        [Description("Batch size (default 32).")]
        public int Batch { get; init; } = 32;

        [CommandOption("--method <METHOD>")]
        [Description("Adapter: lora, rslora, dora or hira (default lora).")]
        public string Method { get; init; } = "lora";

        [CommandOption("--threads <N>")]
        [Description("Torch threads (default 1, as one CPU worker slot uses).")]
        public int Threads { get; init; } = 1;

        [CommandOption("--device <DEVICE>")]
        [Description("auto, cpu or cuda (default auto).")]
        public string Device { get; init; } = "auto";

        [CommandOption("--data <DIR>")]
        [Description("Fashion-MNIST directory (default: system full set, else the shipped subset).")]
        public string? Data { get; init; }

        [CommandOption("--models <DIR>")]
        [Description("Base-model cache directory (default ~/.cache/cotosweep/models).")]
        public string? Models { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Steps < 1 || settings.Batch < 1 || settings.Threads < 1) throw new UserError("--steps, --batch and --threads must be at least 1");
        if (settings.Method is not ("lora" or "rslora" or "dora" or "hira")) throw new UserError($"unknown --method '{settings.Method}' (lora, rslora, dora, hira)");
        TrainingEnvironment env;
        try
        {
            TorchRuntime.SetThreads(settings.Threads);
            env = TrainingEnvironment.Create(settings.Data, settings.Models ?? TrainingEnvironment.DefaultModelCache, settings.Device);
        }
        catch (Exception e) when (e is DataFileException or ArgumentException or InvalidOperationException) { throw new UserError(e.Message); }

        var r = TrainingBenchmark.Run(env, new TrainingBenchmarkOptions(settings.Steps, 5, settings.Batch, settings.Method), cancellationToken);
        var m = r.Model;
        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(inv, $"model: ViT patch {m.PatchSize}, {m.Depth} blocks, width {m.Width}, {m.Heads} heads, MLP {m.MlpHidden}; {settings.Method} rank 4 on q,k,v,o; batch {settings.Batch}; device {env.Device.type}, {r.Threads} torch thread(s)"));
        Console.Out.WriteLine(string.Create(inv, $"training: {r.StepsPerSecond:F2} steps/s at p = 1 ({r.MsPerStepFull:F1} ms/step)"));
        Console.Out.WriteLine(string.Create(inv, $"FLOP/s: model {r.ModelFlopsPerSecond / 1e9:F2} GFLOP/s vs {r.Options.MatmulSize}² matmul {r.MatmulFlopsPerSecond / 1e9:F2} GFLOP/s: ratio {r.FlopsFraction:F3}"));
        Console.Out.WriteLine(string.Create(inv, $"skipping: {r.MsPerStepHalf:F1} ms/step at p = 0.5 (groups active {r.ActiveFractionHalf:P0}) vs {r.MsPerStepFull:F1} ms/step at p = 1: ratio {r.HalfOverFull:F3}"));
        // A slot's trial host: its first trial starts it, the later ones reuse it (one-step trials, so the rest is overhead).
        var models = settings.Models ?? TrainingEnvironment.DefaultModelCache;
        var sets = new List<(string Name, string? Dir)> { ("shipped subset", Training.Data.FashionMnist.ShippedSubsetDirectory) };
        if (Directory.Exists(Training.Data.FashionMnist.SystemDirectory)) sets.Add(("full set", Training.Data.FashionMnist.SystemDirectory));
        else Console.Out.WriteLine($"trial host, full set: not measured ({Training.Data.FashionMnist.SystemDirectory} is not installed)");
        foreach (var (name, dir) in sets)
        {
            var h = Bench.TrialHostBench.RunAsync(dir, models, 4, cancellationToken).GetAwaiter().GetResult();
            Console.Out.WriteLine(string.Create(inv, $"trial host, {name}: first trial {h.FirstSeconds:F2} s (starts the host), then {h.LaterSeconds:F2} s per one-step trial against {h.InProcessSeconds:F2} s in this process: overhead {h.OverheadSeconds:F2} s per trial"));
        }
        return ExitCodes.Done;
    }
}
