using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;

namespace CoToSweep.Domain.Tests.Kinds;

public class CotoKindTests
{
    private static Dictionary<string, ParamValue> P(params (string Name, ParamValue Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public void The_coto_kind_is_supported_and_has_a_default_for_every_parameter()
    {
        Assert.Same(CotoKind.Kind, TrialKinds.Find("coto"));
        Assert.True(CotoKind.Kind.Supported);
        Assert.Equal(CotoKind.Params, CotoKind.Defaults.Keys.ToHashSet());
        Assert.Null(CotoKind.Check(new Dictionary<string, ParamValue>()));
        Assert.Contains("val_acc", CotoKind.Metrics);
        Assert.Contains("ood_acc", CotoKind.Metrics);
        Assert.Contains("schedule.order_strength", CotoKind.Params);
    }

    [Theory]
    [InlineData("adapter.method", "qlora", "adapter.method 'qlora' is not one of lora, rslora, dora, hira")]
    [InlineData("schedule.shape", "ramp", "schedule.shape 'ramp' is not one of constant, linear, cosine, exponential, sine, step")]
    [InlineData("schedule.order", "random", "schedule.order 'random' is not one of uniform, high-first, low-first")]
    [InlineData("schedule.granularity", "head", "schedule.granularity 'head' is not one of layer, module")]
    [InlineData("task", "mnist", "task 'mnist' is not one of fmnist, fmnist-rotated, fmnist-inverted, fmnist-tiles, fmnist-flipped")]
    [InlineData("adapter.targets", "q,x", "adapter.targets: unknown projection 'x' (q, k, v, o)")]
    [InlineData("adapter.targets", "q,q", "adapter.targets lists a projection twice")]
    public void Bad_string_values_are_named(string name, string value, string message) =>
        Assert.Equal(message, CotoKind.Check(P((name, ParamValue.Of(value)))));

    [Fact]
    public void Bad_numbers_are_named()
    {
        Assert.Equal("schedule.p_start = 1.5 is out of range [0, 1]", CotoKind.Check(P(("schedule.p_start", ParamValue.Of(1.5)))));
        Assert.Equal("lr = 0 must be a positive number", CotoKind.Check(P(("lr", ParamValue.Of(0.0)))));
        Assert.Equal("steps = 0 is out of range [1, 10000000]", CotoKind.Check(P(("steps", ParamValue.Of(0L)))));
        Assert.Equal("base.width must be divisible by base.heads", CotoKind.Check(P(("base.width", ParamValue.Of(30L)), ("base.heads", ParamValue.Of(4L)))));
        Assert.Equal("base.patch_size must divide 28 (1, 2, 4, 7 or 14)", CotoKind.Check(P(("base.patch_size", ParamValue.Of(5L)))));
        Assert.Equal("unknown parameter 'stepz' for kind 'coto'", CotoKind.Check(P(("stepz", ParamValue.Of(3L)))));
    }

    [Fact]
    public void A_coto_sweep_with_nested_adapter_and_schedule_blocks_validates()
    {
        const string yaml = """
            name: coto-ok
            trial:
              kind: coto
              steps: 50
              adapter: { method: dora, rank: 2, alpha: 4, targets: [q, v] }
              schedule: { shape: step, stages: 3, order: high-first, granularity: module }
              base: { depth: 2, width: 32 }
            objective: { metric: ood_acc, direction: maximize }
            search:
              algorithm: grid
              seeds: [0, 1]
              space:
                schedule.p_start: [0.0, 0.1]
            """;
        var d = SpecReader.Parse(yaml);
        Assert.True(d.IsValid, string.Join("\n", d.Problems.Select(p => p.Format("f"))));
        Assert.Equal(ParamValue.Of("q,v"), d.Spec!.Trial.Params["adapter.targets"]);
        Assert.Null(CotoKind.Check(d.Spec.Trial.Params));
    }
}
