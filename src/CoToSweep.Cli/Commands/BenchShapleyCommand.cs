using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using CoToSweep.Cli.Bench;
using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Shapley.Bench;
using CoToSweep.Training;
using CoToSweep.Training.Data;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Distinct coalition evaluations each estimator needs to reach a relative error ‖φ̂ − φ‖/‖φ‖ (RMS over seeds),
/// relative to antithetic permutation sampling measured in the same run, with the coverage of the 95% intervals
/// as the check that the error bars are honest. Games come from <see cref="Games"/>: synthetic layer-like games
/// (saturating, and sparse low-order), and a trained adapter evaluated under masks (<see cref="AdapterBenchGame"/>).
/// </summary>
public sealed class BenchShapleyCommand : Command<BenchShapleyCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--players <LIST>")]
        [Description("Game sizes, comma-separated (default 12,24; the adapter family only ever at 12).")]
        public string? Players { get; init; }

        [CommandOption("--games <LIST>")]
        [Description("Game families, comma-separated: layers (saturating, every order of interaction), sparse (few low-order dividends), adapter (a small adapter trained here, its 12 layer×projection groups; 12 players only, its truth is enumerated on the model). Default layers,sparse.")]
        public string Families { get; init; } = "layers,sparse";

        [CommandOption("--target <REL>")]
        [Description("Relative error to reach (default 0.02).")]
        public double Target { get; init; } = 0.02;

        [CommandOption("--seeds <N>")]
        [Description("Runs per sample size (default 20).")]
        public int Seeds { get; init; } = 20;

        [CommandOption("--max-samples <N>")]
        [Description("Largest samples per player tried (default 16384).")]
        public int MaxSamples { get; init; } = 16384;

        [CommandOption("--game-seed <S>")]
        [Description("Seed of the synthetic games (default 1).")]
        public ulong GameSeed { get; init; } = 1;

        [CommandOption("--threads <N>")]
        [Description("Torch threads for the adapter game (default 1: its evaluations are small, and 2 threads measured slower, not faster).")]
        public int Threads { get; init; } = 1;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Target is <= 0 or >= 1) throw new UserError("--target must be between 0 and 1");
        if (settings.Seeds < 2 || settings.MaxSamples < 2) throw new UserError("--seeds and --max-samples must be at least 2");
        if (settings.Threads < 1) throw new UserError("--threads must be at least 1");
        var c = CultureInfo.InvariantCulture;
        foreach (var game in Games(settings, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = game.Game.Players;
            Console.Out.WriteLine(string.Format(c, "{0}: {1} players, target relative error {2:G3}, {3} seeds per size",
                game.Name, n, settings.Target, settings.Seeds));
            Console.Out.WriteLine($"{"method",-12} {"evaluations",12} {"vs antithetic",14} {"samples",8} {"rel.error",10} {"coverage",9} {"time",8}");
            var curves = new List<(BenchCurve Curve, TimeSpan Time)>();
            foreach (var estimator in ShapleyEstimators.All.Where(e => e is not ExactEstimator).OrderBy(e => e is AntitheticEstimator ? 0 : 1))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                curves.Add((ShapleyBench.Measure(estimator, game, settings.Target, settings.Seeds, settings.MaxSamples), clock.Elapsed));
            }
            var baseline = curves[0].Curve.EvaluationsToTarget;
            foreach (var (curve, time) in curves)
            {
                var last = curve.Points[^1];
                Console.Out.WriteLine(string.Format(c, "{0,-12} {1,12} {2,14} {3,8} {4,10:F4} {5,9:P0} {6,7:F1}s", curve.Method,
                    curve.EvaluationsToTarget is { } e ? (curve.AtMinimum ? "<=" : "") + e.ToString("F0", c) : "not reached",
                    Ratio(baseline, curve.EvaluationsToTarget), last.Samples, last.RelativeError, last.Coverage, time.TotalSeconds));
            }
            // Exact always costs 2^n and has no error: the point where sampling stops paying off.
            Console.Out.WriteLine(string.Format(c, "{0,-12} {1,12} {2,14}", "exact", 1L << n, Ratio(baseline, 1L << n)));
            if (curves.Any(x => x.Curve.AtMinimum))
                Console.Out.WriteLine("<= : the method's smallest run (its pilot) already beats the target; the ratio is a lower bound.");
            Console.Out.WriteLine();
        }
        return ExitCodes.Done;
    }

    private static string Ratio(double? baseline, double? evaluations) =>
        baseline is { } b && evaluations is { } e ? (b / e).ToString("F1", CultureInfo.InvariantCulture) + "x" : "-";

    /// <summary>The games to measure on; the plug-in point for other game sources. Checks every size and family
    /// first, so a bad combination is refused before minutes of benchmarking.</summary>
    private static IEnumerable<BenchGame> Games(Settings settings, CancellationToken ct)
    {
        var sizes = List(settings.Players ?? "12,24").Select(part =>
            int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 2 && n <= ExactEstimator.MaxPlayers
                ? n
                : throw new UserError($"--players: '{part}' is not a size between 2 and {ExactEstimator.MaxPlayers} (the truth is enumerated)")).ToList();
        var families = List(settings.Families);
        foreach (var family in families.Where(f => f is not ("layers" or "sparse" or "adapter")))
            throw new UserError($"--games: unknown family '{family}' (layers, sparse, adapter)");
        if (families.Contains("adapter") && settings.Players is not null && sizes.Any(n => n != AdapterBenchGame.Players))
            throw new UserError($"--games adapter takes only --players {AdapterBenchGame.Players} (3 blocks × q,k,v,o): its truth is every " +
                                "coalition evaluated on the model, and 2^n of them fit in minutes only for small n");
        var adapter = new Lazy<IReadOnlyList<BenchGame>>(() => TrainAdapter(settings, ct));
        return sizes.SelectMany(n => families.Where(f => f != "adapter" || n == AdapterBenchGame.Players).SelectMany(family => family switch
        {
            "layers" => [BenchGame.Layers(n, settings.GameSeed)],
            "sparse" => [BenchGame.Sparse(n, settings.GameSeed)],
            _ => adapter.Value,
        }));
    }

    private static List<string> List(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static IReadOnlyList<BenchGame> TrainAdapter(Settings settings, CancellationToken ct)
    {
        TrainingEnvironment env;
        try
        {
            TorchRuntime.SetThreads(settings.Threads);
            env = TrainingEnvironment.Create(null, TrainingEnvironment.DefaultModelCache);
        }
        catch (Exception e) when (e is DataFileException or ArgumentException or InvalidOperationException) { throw new UserError(e.Message); }
        return AdapterBenchGame.Create(env, ct);
    }
}
