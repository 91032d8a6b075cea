using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Tests.Sweeps;

/// <summary>A kind's own value checks run at validate time, on every planned trial, once per distinct problem.</summary>
public sealed class KindValueCheckTests
{
    [Fact]
    public void Bad_coto_values_in_the_trial_block_or_the_space_are_refused_before_anything_runs()
    {
        var d = SpecReader.Parse("""
            name: bad-values
            trial:
              kind: coto
              adapter: { method: lorax }
            objective: { metric: val_acc, direction: maximize }
            search:
              seeds: [0, 1]
              space:
                schedule.p_start: [0.0, 1.5]
            """);
        Assert.False(d.IsValid);
        Assert.Equal(
            ["2:1: trial t0000-s0: adapter.method 'lorax' is not one of lora, rslora, dora, hira"],
            d.Problems.Select(p => $"{p.At}: {p.Message}"));
    }

    [Fact]
    public void Good_values_pass()
    {
        var d = SpecReader.Parse("""
            name: good-values
            trial: { kind: coto, steps: 10 }
            objective: { metric: val_acc, direction: maximize }
            search:
              space:
                schedule.p_start: [0.0, 0.5]
            """);
        Assert.True(d.IsValid, string.Join("; ", d.Problems.Select(p => p.Message)));
    }
}
