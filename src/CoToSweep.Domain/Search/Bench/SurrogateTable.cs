using System.Globalization;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search.Bench;

/// <summary>
/// A tabular surrogate: the recorded learning curves (metric by step) of each configuration of a grid, one per recorded
/// seed, read from CSV (parameter columns, an optional <c>seed</c> column, then <c>step</c> and the metric; an empty cell:
/// the parameter is not in that configuration; no seed column: every curve is seed 0, the single-seed format).
/// A trial "reports" one recorded curve at the same fraction of its training, linearly between evaluations (the first
/// evaluation's value before it); a configuration that is not in the table is an error, never a guess.
/// </summary>
public sealed class SurrogateTable
{
    private readonly IReadOnlyList<string> _parameters;
    private readonly Dictionary<string, Replicate[]> _curves;

    /// <summary>One recorded trial of a configuration: its seed and its curve, by step.</summary>
    private sealed record Replicate(long Seed, (long Step, double Value)[] Curve);

    private SurrogateTable(IReadOnlyList<string> parameters, Dictionary<string, Replicate[]> curves) =>
        (_parameters, _curves) = (parameters, curves);

    public int Count => _curves.Count;

    public IEnumerable<string> Keys => _curves.Keys;

    /// <summary>The recorded seeds of a configuration, in ascending order.</summary>
    public IReadOnlyList<long> SeedsOf(IReadOnlyDictionary<string, ParamValue> config) => Replicates(config).Select(r => r.Seed).ToList();

    /// <summary>The table from CSV text; <paramref name="metric"/> names the column the curves are made of.</summary>
    public static SurrogateTable Parse(string csv, string metric)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        var step = Array.IndexOf(header, "step");
        var value = Array.IndexOf(header, metric);
        var seed = Array.IndexOf(header, "seed");
        if (seed >= 0 && seed != step - 1) throw new FormatException("the surrogate table's seed column goes just before step");
        var parameters = header[..(seed >= 0 ? seed : step)];
        if (parameters.Length < 1 || value < 0) throw new FormatException($"the surrogate table needs parameter columns, then step and {metric}");
        var curves = lines.Skip(1).Select(l => l.Split(','))
            .GroupBy(cells => Key(parameters.Select((p, i) => (p, cells[i]))))
            .ToDictionary(g => g.Key, g => g
                .GroupBy(c => seed >= 0 ? long.Parse(c[seed], CultureInfo.InvariantCulture) : 0L)
                .Select(s => new Replicate(s.Key, s.Select(c => (long.Parse(c[step], CultureInfo.InvariantCulture), double.Parse(c[value], CultureInfo.InvariantCulture)))
                    .OrderBy(p => p.Item1).ToArray()))
                .OrderBy(r => r.Seed).ToArray());
        return new SurrogateTable(parameters, curves);
    }

    /// <summary>The key of a configuration: its values of the table's parameters (numbers in one canonical text).</summary>
    public string KeyOf(IReadOnlyDictionary<string, ParamValue> config) =>
        Key(_parameters.Select(p => (p, config.TryGetValue(p, out var v) ? v.ToString() : "")));

    private static string Key(IEnumerable<(string Name, string Text)> cells) => string.Join(' ', cells.Where(c => c.Text != "")
        .Select(c => c.Name + "=" + (double.TryParse(c.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? ParamValue.FormatNumber(d) : c.Text)));

    private Replicate[] Replicates(IReadOnlyDictionary<string, ParamValue> config) =>
        _curves.GetValueOrDefault(KeyOf(config)) ?? throw new KeyNotFoundException($"no recorded trial for {KeyOf(config)}");

    /// <summary>
    /// The recorded seed a trial with seed <paramref name="trialSeed"/> replays: the trial seed modulo the number recorded
    /// picks one (in seed order), so trials of one configuration with different seeds get different recorded replicates,
    /// as a real sweep's repeats would, and the same trial always gets the same one.
    /// </summary>
    public long RecordedSeed(IReadOnlyDictionary<string, ParamValue> config, long trialSeed) => ReplicateFor(config, trialSeed).Seed;

    private Replicate ReplicateFor(IReadOnlyDictionary<string, ParamValue> config, long trialSeed)
    {
        var replicates = Replicates(config);
        return replicates[(int)(((trialSeed % replicates.Length) + replicates.Length) % replicates.Length)];
    }

    /// <summary>The value recorded at <paramref name="fraction"/> (0..1] of training by the replicate a trial seed picks.</summary>
    public double At(IReadOnlyDictionary<string, ParamValue> config, long trialSeed, double fraction)
    {
        var curve = ReplicateFor(config, trialSeed).Curve;
        var at = fraction * curve[^1].Step;
        if (at <= curve[0].Step) return curve[0].Value;
        var i = Array.FindIndex(curve, p => p.Step >= at);
        var (a, b) = (curve[i - 1], curve[i]);
        return a.Value + (b.Value - a.Value) * (at - a.Step) / (b.Step - a.Step);
    }

    /// <summary>The final value a trial with <paramref name="trialSeed"/> reports.</summary>
    public double Final(IReadOnlyDictionary<string, ParamValue> config, long trialSeed) => At(config, trialSeed, 1);

    /// <summary>The configuration's expected final value: the mean over its recorded seeds.</summary>
    public double MeanFinal(IReadOnlyDictionary<string, ParamValue> config) => MeanFinal(Replicates(config));

    private static double MeanFinal(Replicate[] replicates) => replicates.Average(r => r.Curve[^1].Value);

    /// <summary>
    /// The shipped recording of coto trials as a <see cref="SearchProblem"/> over the grid it recorded. A configuration's
    /// quality (what "within 1% of the optimum" is judged on) is its mean final value over the recorded seeds, as the
    /// synthetic problems judge the noise-free final value; the noise of one replicate is what the search sees, not
    /// what decides whether it found the right configuration.
    /// </summary>
    public static SearchProblem CotoProblem()
    {
        using var stream = typeof(SurrogateTable).Assembly.GetManifestResourceStream("CoToSweep.Domain.Search.Bench.coto-surrogate.csv")
            ?? throw new InvalidOperationException("coto-surrogate.csv is not embedded");
        var table = Parse(new StreamReader(stream).ReadToEnd(), "val_loss");
        return new SearchProblem("coto",
            "  lr: [0.002, 0.005, 0.01, 0.02]\n  adapter.rank: [2, 8]\n  schedule.shape: [constant, linear, cosine]\n" +
            "  schedule.ramp_fraction: { values: [0.5, 0.9], when: { schedule.shape: [linear, cosine] } }",
            table._curves.Values.Min(MeanFinal), table.MeanFinal) { Recorded = table };
    }
}
