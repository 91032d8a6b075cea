using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Tests.Sweeps;

public class MetricLineTests
{
    [Theory]
    [InlineData("")]
    [InlineData("epoch 3 loss 0.1")]
    [InlineData("cotosweep{\"a\": 1}")]
    [InlineData("Cotosweep {\"a\": 1}")]
    [InlineData("x cotosweep {\"a\": 1}")]
    public void Ordinary_output_is_not_a_metric_line(string line) => Assert.Null(MetricLine.Parse(line));

    [Fact]
    public void Step_and_numeric_metrics_are_read()
    {
        var m = MetricLine.Parse("cotosweep {\"step\": 100, \"val_acc\": 0.81, \"loss\": 2}")!;
        Assert.Null(m.Warning);
        Assert.Equal(100, m.Step);
        Assert.Equal(new Dictionary<string, double> { ["val_acc"] = 0.81, ["loss"] = 2 }, m.Metrics);
    }

    [Fact]
    public void Leading_whitespace_and_trailing_carriage_return_are_allowed()
    {
        var m = MetricLine.Parse("  \tcotosweep {\"acc\": 0.5}\r")!;
        Assert.Null(m.Warning);
        Assert.Null(m.Step);
        Assert.Equal(0.5, m.Metrics["acc"]);
    }

    [Fact]
    public void Bare_non_finite_tokens_are_accepted()
    {
        var m = MetricLine.Parse("cotosweep {\"loss\": NaN, \"up\": Infinity, \"down\": -Infinity, \"s\": \"NaN inside\"}")!;
        Assert.Null(m.Warning);
        Assert.True(double.IsNaN(m.Metrics["loss"]));
        Assert.Equal(double.PositiveInfinity, m.Metrics["up"]);
        Assert.Equal(double.NegativeInfinity, m.Metrics["down"]);
        Assert.False(m.Metrics.ContainsKey("s"));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    public void Non_finite_strings_are_accepted(string token)
    {
        var m = MetricLine.Parse($"cotosweep {{\"loss\": \"{token}\"}}")!;
        Assert.False(double.IsFinite(m.Metrics["loss"]));
    }

    [Fact]
    public void Booleans_strings_and_nested_values_are_ignored()
    {
        var m = MetricLine.Parse("cotosweep {\"ok\": true, \"name\": \"run\", \"hist\": [1, 2], \"sub\": {\"a\": 1}, \"n\": null, \"x\": 1e-3}")!;
        Assert.Null(m.Warning);
        Assert.Equal(new Dictionary<string, double> { ["x"] = 0.001 }, m.Metrics);
    }

    [Fact]
    public void A_non_integral_step_is_ignored()
    {
        var m = MetricLine.Parse("cotosweep {\"step\": 1.5, \"a\": 1}")!;
        Assert.Null(m.Step);
        Assert.False(m.Metrics.ContainsKey("step"));
        Assert.Equal(50, MetricLine.Parse("cotosweep {\"step\": 50.0}")!.Step);
    }

    [Theory]
    [InlineData("cotosweep {\"a\": 1")]
    [InlineData("cotosweep not json")]
    [InlineData("cotosweep [1, 2]")]
    [InlineData("cotosweep ")]
    [InlineData("cotosweep {\"a\": NaNa}")]
    public void Malformed_json_is_a_warning_not_an_exception(string line)
    {
        var m = MetricLine.Parse(line)!;
        Assert.NotNull(m.Warning);
        Assert.Empty(m.Metrics);
        Assert.Null(m.Step);
    }
}
