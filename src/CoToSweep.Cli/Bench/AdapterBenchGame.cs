using System.Diagnostics;
using System.Globalization;
using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Shapley.Bench;
using CoToSweep.Domain.Shapley.Games;
using CoToSweep.Training;
using CoToSweep.Training.Adapters;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Evaluation;
using CoToSweep.Training.Models;

namespace CoToSweep.Cli.Bench;

/// <summary>
/// The bench's real game: a small CoTo adapter trained once, with module granularity so the players are its
/// layer×projection groups, and v(S) its validation accuracy — or, as a second game, its validation loss — with only
/// S active. Every coalition is evaluated once on the model (the truth is exact enumeration) and kept in a table, so the
/// bench's many seeds cost lookups only. Accuracy on a few hundred images moves in steps of one image, a rough game;
/// the loss is smooth, which is what a surrogate-based estimator can exploit.
/// </summary>
public static class AdapterBenchGame
{
    /// <summary>3 blocks × q, k, v, o. Larger sizes are refused: no honest truth in minutes (2^24 evaluations).</summary>
    public const int Players = 12;

    /// <summary>
    /// A few hundred real steps on the rotated task; the base model is pretrained once into the model cache. 7×7
    /// patches and width 32 keep one masked evaluation of the validation set near 20 ms on a CPU core; with the
    /// default 4×4 patches and width 64 the 4096 evaluations did not finish in 19 minutes on a busy 2-core machine.
    /// </summary>
    public static readonly CotoConfig Config = new()
    {
        Task = "fmnist-rotated",
        Steps = 300,
        EvalEvery = 300,
        TrainSize = 2000,
        ValSize = 300,
        TestSize = 100,
        Seed = 1,
        Adapter = new AdapterSpec("lora", 4, 8),
        Schedule = new ScheduleSpec(Granularity: "module"),
        Base = new VitConfig(PatchSize: 7, Depth: 3, Width: 32, MlpHidden: 64, PretrainSteps: 200),
    };

    public static IReadOnlyList<BenchGame> Create(TrainingEnvironment env, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-bench-adapter");
        try
        {
            var path = Path.Combine(dir.FullName, "adapter.safetensors");
            var clock = Stopwatch.StartNew();
            env.BaseModels.Ensure(Config.Base, env.Data, env.Device, ct);
            var pretrainTime = clock.Elapsed;
            clock.Restart();
            var trained = CotoTrainer.Train(Config, env, adapterPath: path, ct: ct);
            if (trained.Failed) throw new InvalidOperationException($"the bench adapter's loss is NaN at step {trained.NanAtStep}");
            var trainTime = clock.Elapsed;

            using var session = AdapterSession.Open(path, env, ct: ct);
            var game = new AdapterGame(session);
            var values = new double[1 << game.Players];
            var losses = new double[values.Length];
            // Enumeration visits every coalition once: record both measures as it goes, for the tables the bench samples.
            var recording = new DelegateGame(game.Players, mask =>
            {
                ct.ThrowIfCancellationRequested();
                var result = session.Evaluate(mask);
                losses[mask] = result.Loss;
                return values[mask] = result.Accuracy;
            });
            clock.Restart();
            var truth = ExactShapley.Enumerate(recording);
            var evalTime = clock.Elapsed;
            var lossGame = new DelegateGame(game.Players, mask => losses[mask]);

            var (b, a) = (Config.Base, Config.Adapter);
            var inv = CultureInfo.InvariantCulture;
            Console.Out.WriteLine(string.Create(inv, $"adapter: base ViT ({b.Depth} blocks, width {b.Width}, {b.PatchSize}×{b.PatchSize} patches) ready in {pretrainTime.TotalSeconds:F1} s; " +
                                                     $"{a.Method} rank {a.Rank}, {Config.Steps} steps on {Config.Task} in {trainTime.TotalSeconds:F1} s"));
            Console.Out.WriteLine(string.Create(inv, $"adapter: players {string.Join(',', game.Groups)}; val accuracy " +
                                                     $"{values[Coalitions.Grand(game.Players)]:F3} all on, {values[0]:F3} all off ({Config.ValSize} images)"));
            Console.Out.WriteLine(string.Create(inv, $"adapter: truth by enumeration, {values.Length} masked evaluations in {evalTime.TotalSeconds:F1} s " +
                                                     $"({evalTime.TotalMilliseconds / values.Length:F1} ms each, {TorchSharp.torch.get_num_threads()} torch thread(s))"));
            return
            [
                new BenchGame($"adapter-{game.Players}", new DelegateGame(game.Players, mask => values[mask]), truth),
                new BenchGame($"adapter-loss-{game.Players}", lossGame, ExactShapley.Enumerate(lossGame)),
            ];
        }
        finally { dir.Delete(recursive: true); }
    }
}
