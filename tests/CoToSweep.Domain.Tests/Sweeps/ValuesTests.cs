using System.Text.Json;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Tests.Sweeps;

/// <summary>ParamValue JSON, command templates and the metric accumulator.</summary>
public class ValuesTests
{
    public static TheoryData<string, ParamValue, string> Values() => new()
    {
        { "integer", ParamValue.Of(2L), "2" },
        { "negative integer", ParamValue.Of(-7L), "-7" },
        { "big integer", ParamValue.Of(long.MaxValue), "9223372036854775807" },
        { "whole float", ParamValue.Of(2.0), "2.0" },
        { "zero float", ParamValue.Of(0.0), "0.0" },
        { "fraction", ParamValue.Of(0.1), "0.1" },
        { "small float", ParamValue.Of(1e-4), "0.0001" },
        { "tiny float", ParamValue.Of(1e-20), "1E-20" },
        { "huge float", ParamValue.Of(1e300), "1E+300" },
        { "string", ParamValue.Of("linear"), "\"linear\"" },
        { "numeric string", ParamValue.Of("2"), "\"2\"" },
        { "empty string", ParamValue.Of(""), "\"\"" },
        { "true", ParamValue.Of(true), "true" },
        { "false", ParamValue.Of(false), "false" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Param_values_round_trip_through_json_keeping_their_kind(string what, ParamValue value, string json)
    {
        var written = JsonSerializer.Serialize(value);
        Assert.True(json == written, $"{what}: wrote {written}");
        var back = JsonSerializer.Deserialize<ParamValue>(written);
        Assert.Equal(value.Kind, back.Kind);
        Assert.Equal(value, back);
        var inDictionary = JsonSerializer.Deserialize<Dictionary<string, ParamValue>>(JsonSerializer.Serialize(new Dictionary<string, ParamValue> { ["p"] = value }))!;
        Assert.Equal(value, inDictionary["p"]);
    }

    [Theory]
    [InlineData("1.0", ParamKind.Number)]
    [InlineData("1e3", ParamKind.Number)]
    [InlineData("1E3", ParamKind.Number)]
    [InlineData("3", ParamKind.Integer)]
    [InlineData("-0", ParamKind.Integer)]
    [InlineData("9223372036854775808", ParamKind.Number)]
    public void Json_numbers_read_as_integers_only_when_written_as_integers(string json, ParamKind kind) =>
        Assert.Equal(kind, JsonSerializer.Deserialize<ParamValue>(json).Kind);

    [Fact]
    public void Non_finite_numbers_and_non_scalars_are_refused()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(ParamValue.Of(double.NaN)));
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(ParamValue.Of(double.PositiveInfinity)));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ParamValue>("[1]"));
    }

    [Theory]
    [InlineData("2", ParamKind.Integer, "2")]
    [InlineData("2.0", ParamKind.Number, "2")]
    [InlineData("1.0e-4", ParamKind.Number, "0.0001")]
    [InlineData("0x1F", ParamKind.Integer, "31")]
    [InlineData("true", ParamKind.Boolean, "true")]
    [InlineData("False", ParamKind.Boolean, "false")]
    [InlineData("\"2\"", ParamKind.String, "2")]
    [InlineData("'true'", ParamKind.String, "true")]
    [InlineData("cosine", ParamKind.String, "cosine")]
    [InlineData("1e", ParamKind.String, "1e")]
    public void Yaml_scalars_become_typed_values(string yaml, ParamKind kind, string text)
    {
        var d = SweepFiles.Valid(SweepFiles.Base + "\n    v: " + yaml);
        var v = d.Spec!.Search.Space.Single(x => x.Name == "v").Sample(0);
        Assert.Equal((kind, text), (v.Kind, v.ToString()));
    }

    private static string? Lookup(string name) => name switch { "lr" => "0.01", "opt.wd" => "0.1", "seed" => "3", _ => null };

    [Theory]
    [InlineData("--lr={lr}", "--lr=0.01")]
    [InlineData("{lr}{opt.wd}", "0.010.1")]
    [InlineData("{{lr}}", "{lr}")]
    [InlineData("{{lr}} {lr}", "{lr} 0.01")]
    [InlineData("{\"lr\": {lr}}", "{\"lr\": 0.01}")]
    [InlineData("{ lr }", "{ lr }")]
    [InlineData("{}", "{}")]
    [InlineData("{1x}", "{1x}")]
    [InlineData("plain", "plain")]
    [InlineData("seed={seed}", "seed=3")]
    public void Command_templates_render_placeholders(string arg, string rendered) =>
        Assert.Equal(rendered, CommandTemplate.Render(arg, Lookup));

    [Fact]
    public void An_unknown_placeholder_throws_when_rendered()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => CommandTemplate.Render("--x={nope}", Lookup));
        Assert.Contains("{nope}", e.Message);
    }

    [Fact]
    public void Placeholders_lists_names_but_not_literals()
    {
        Assert.Equal(["a", "b.c", "d-e"], CommandTemplate.Placeholders("{a} {{lit}} {b.c} {\"json\": 1} {d-e}"));
        Assert.Equal(new[] { "artifacts", "attempt", "seed", "trial_id" }, CommandTemplate.BuiltIns.Order());
    }

    private static Dictionary<string, double> M(params (string, double)[] xs) => xs.ToDictionary(x => x.Item1, x => x.Item2);

    [Theory]
    [InlineData(Direction.Maximize, MetricUse.Last, 0.5)]
    [InlineData(Direction.Maximize, MetricUse.Best, 0.9)]
    [InlineData(Direction.Minimize, MetricUse.Last, 0.5)]
    [InlineData(Direction.Minimize, MetricUse.Best, 0.2)]
    public void The_objective_is_the_last_or_the_best_value(Direction direction, MetricUse use, double expected)
    {
        var acc = new MetricAccumulator(new ObjectiveSpec("acc", direction, use));
        foreach (var v in new[] { 0.3, 0.9, 0.2, 0.5 }) acc.Add(M(("acc", v), ("loss", 1 - v)));
        Assert.Equal(expected, acc.Objective);
        Assert.Equal(0.5, acc.Last["acc"]);
        Assert.Equal(0.5, acc.Last["loss"]);
        Assert.Null(acc.NaNMetric);
    }

    [Fact]
    public void No_objective_until_the_metric_is_reported()
    {
        var acc = new MetricAccumulator(new ObjectiveSpec("acc", Direction.Maximize, MetricUse.Best));
        Assert.Null(acc.Objective);
        acc.Add(M(("loss", 1)));
        Assert.Null(acc.Objective);
        Assert.Null(new MetricAccumulator(new ObjectiveSpec("acc", Direction.Maximize, MetricUse.Last)).Objective);
    }

    [Fact]
    public void The_first_nan_metric_is_remembered_and_never_best()
    {
        var acc = new MetricAccumulator(new ObjectiveSpec("acc", Direction.Minimize, MetricUse.Best));
        acc.Add(M(("acc", 0.4)));
        acc.Add(M(("loss", double.NaN)));
        acc.Add(M(("acc", double.NaN)));
        Assert.Equal("loss", acc.NaNMetric);
        Assert.Equal(0.4, acc.Objective);
        Assert.True(double.IsNaN(acc.Last["acc"]));

        var last = new MetricAccumulator(new ObjectiveSpec("acc", Direction.Maximize, MetricUse.Last));
        last.Add(M(("acc", double.NaN)));
        Assert.Equal("acc", last.NaNMetric);
        Assert.True(double.IsNaN(last.Objective!.Value));
    }
}
