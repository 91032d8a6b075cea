using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search.Bench;

/// <summary>
/// A synthetic tuning problem with learning curves: a search space (sweep-file YAML), the final loss of a configuration
/// (known optimum), and the curve a trial reports on its way there: final + a decaying gap whose size varies by
/// configuration, plus report noise, so early reports rank configurations only roughly. A trial's seed matters only to a
/// recorded problem: it picks which recorded replicate of the configuration the trial replays.
/// </summary>
public sealed record SearchProblem(string Name, string Space, double Optimum, Func<IReadOnlyDictionary<string, ParamValue>, double> Final)
{
    public double Loss(IReadOnlyDictionary<string, ParamValue> config, long seed, long step, long maxSteps, SplitMix64 noise)
    {
        if (Recorded is { } table) return table.At(config, seed, (double)step / maxSteps);
        var gap = 0.5 + (Hash(config) % 1000) / 1000.0;
        var u = (noise.NextDouble() + noise.NextDouble() + noise.NextDouble() - 1.5) * 0.02;
        return Final(config) + (Scale * gap * Math.Exp(-4.0 * step / maxSteps)) + u * Math.Exp(-2.0 * step / maxSteps);
    }

    /// <summary>Recorded curves of real trials (a tabular surrogate) instead of the synthetic curve: they bring their own noise.</summary>
    public SurrogateTable? Recorded { get; init; }

    /// <summary>The size of the early gap relative to the problem's typical spread.</summary>
    public double Scale { get; init; } = 10;

    private static ulong Hash(IReadOnlyDictionary<string, ParamValue> config) =>
        config.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Aggregate(0xC0FFEEUL, (h, kv) => SplitMix64.Mix(h, Fnv(kv.Key + "=" + kv.Value)));

    // string.GetHashCode differs between processes: a fixed hash keeps the curves the same on every run.
    private static ulong Fnv(string s) => s.Aggregate(14695981039346656037UL, (h, ch) => (h ^ ch) * 1099511628211UL);

    public static readonly SearchProblem Branin = new("branin",
        "  x1: { uniform: [-5, 10] }\n  x2: { uniform: [0, 15] }", 0.397887, c =>
        {
            var (x1, x2) = (c["x1"].Number, c["x2"].Number);
            const double b = 5.1 / (4 * Math.PI * Math.PI), cc = 5 / Math.PI, t = 1 / (8 * Math.PI);
            return Math.Pow(x2 - b * x1 * x1 + cc * x1 - 6, 2) + 10 * (1 - t) * Math.Cos(x1) + 10;
        }) { Scale = 40 };

    /// <summary>An optimiser choice with a conditional momentum, a log-scale learning rate and a categorical; optimum 0.</summary>
    public static readonly SearchProblem Optimiser = new("optimiser",
        "  opt: [sgd, adam]\n  lr: { loguniform: [1.0e-5, 1.0] }\n  momentum: { uniform: [0, 0.99], when: { opt: sgd } }\n  k: [a, b, c, d]",
        0.0, c =>
        {
            var sgd = c["opt"].Text == "sgd";
            var lr = Math.Log10(c["lr"].Number) - (sgd ? -2 : -3.5);
            return lr * lr + (sgd ? 4 * Math.Pow(c["momentum"].Number - 0.9, 2) : 0.05) + (c["k"].Text == "c" ? 0 : 0.3);
        }) { Scale = 3 };

    /// <summary>A shifted quadratic in five dimensions, one of them an integer; optimum 0.</summary>
    public static readonly SearchProblem Quadratic5 = new("quadratic5",
        "  a: { uniform: [-3, 3] }\n  b: { uniform: [-3, 3] }\n  c: { uniform: [-3, 3] }\n  d: { uniform: [-3, 3] }\n  n: { int: [1, 16] }",
        0.0, c => Math.Pow(c["a"].Number - 1.2, 2) + Math.Pow(c["b"].Number + 0.7, 2) + 0.5 * Math.Pow(c["c"].Number - 2.1, 2) +
                  0.2 * Math.Pow(c["d"].Number, 2) + 0.02 * Math.Pow(c["n"].Integer - 11, 2)) { Scale = 8 };

    /// <summary>
    /// Real coto trials (sweeps/coto-surrogate.yaml: lr × rank × schedule × 3 seeds, 240 steps on the shipped Fashion-MNIST
    /// subset), validation loss from the recorded curves; the space is the recorded grid, so every proposal is a recorded trial.
    /// </summary>
    public static readonly SearchProblem Coto = SurrogateTable.CotoProblem();

    public static readonly IReadOnlyList<SearchProblem> All = [Branin, Optimiser, Quadratic5, Coto];
}
