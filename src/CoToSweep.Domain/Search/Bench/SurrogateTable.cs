using System.Globalization;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search.Bench;

/// <summary>
/// A tabular surrogate: the recorded learning curve (metric by step) of each configuration of a grid, read from CSV
/// (parameter columns, then <c>step</c> and the metric; an empty cell: the parameter is not in that configuration).
/// A trial "reports" the recorded curve at the same fraction of its training, linearly between evaluations (the first
/// evaluation's value before it); a configuration that is not in the table is an error, never a guess.
/// </summary>
public sealed class SurrogateTable
{
    private readonly IReadOnlyList<string> _parameters;
    private readonly Dictionary<string, (long Step, double Value)[]> _curves;

    private SurrogateTable(IReadOnlyList<string> parameters, Dictionary<string, (long, double)[]> curves) =>
        (_parameters, _curves) = (parameters, curves);

    public int Count => _curves.Count;

    public IEnumerable<string> Keys => _curves.Keys;

    /// <summary>The table from CSV text; <paramref name="metric"/> names the column the curves are made of.</summary>
    public static SurrogateTable Parse(string csv, string metric)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        var step = Array.IndexOf(header, "step");
        var value = Array.IndexOf(header, metric);
        if (step < 1 || value < 0) throw new FormatException($"the surrogate table needs parameter columns, then step and {metric}");
        var parameters = header[..step];
        var curves = lines.Skip(1).Select(l => l.Split(','))
            .GroupBy(cells => Key(parameters.Select((p, i) => (p, cells[i]))))
            .ToDictionary(g => g.Key, g => g.Select(c => (long.Parse(c[step], CultureInfo.InvariantCulture), double.Parse(c[value], CultureInfo.InvariantCulture)))
                .OrderBy(p => p.Item1).ToArray());
        return new SurrogateTable(parameters, curves);
    }

    /// <summary>The key of a configuration: its values of the table's parameters (numbers in one canonical text).</summary>
    public string KeyOf(IReadOnlyDictionary<string, ParamValue> config) =>
        Key(_parameters.Select(p => (p, config.TryGetValue(p, out var v) ? v.ToString() : "")));

    private static string Key(IEnumerable<(string Name, string Text)> cells) => string.Join(' ', cells.Where(c => c.Text != "")
        .Select(c => c.Name + "=" + (double.TryParse(c.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? ParamValue.FormatNumber(d) : c.Text)));

    /// <summary>The recorded value at <paramref name="fraction"/> (0..1] of training.</summary>
    public double At(IReadOnlyDictionary<string, ParamValue> config, double fraction)
    {
        var curve = _curves.GetValueOrDefault(KeyOf(config)) ?? throw new KeyNotFoundException($"no recorded trial for {KeyOf(config)}");
        var at = fraction * curve[^1].Step;
        if (at <= curve[0].Step) return curve[0].Value;
        var i = Array.FindIndex(curve, p => p.Step >= at);
        var (a, b) = (curve[i - 1], curve[i]);
        return a.Value + (b.Value - a.Value) * (at - a.Step) / (b.Step - a.Step);
    }

    public double Final(IReadOnlyDictionary<string, ParamValue> config) => At(config, 1);

    /// <summary>The shipped recording of coto trials as a <see cref="SearchProblem"/> over the grid it recorded.</summary>
    public static SearchProblem CotoProblem()
    {
        using var stream = typeof(SurrogateTable).Assembly.GetManifestResourceStream("CoToSweep.Domain.Search.Bench.coto-surrogate.csv")
            ?? throw new InvalidOperationException("coto-surrogate.csv is not embedded");
        var table = Parse(new StreamReader(stream).ReadToEnd(), "val_loss");
        return new SearchProblem("coto",
            "  lr: [0.002, 0.005, 0.01, 0.02]\n  adapter.rank: [2, 8]\n  schedule.shape: [constant, linear, cosine]\n" +
            "  schedule.ramp_fraction: { values: [0.5, 0.9], when: { schedule.shape: [linear, cosine] } }",
            table._curves.Values.Min(c => c[^1].Value), table.Final) { Recorded = table };
    }
}
