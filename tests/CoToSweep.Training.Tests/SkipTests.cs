using CoToSweep.Training.Coto;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoToSweep.Training.Tests;

public class SkipTests
{
    [Theory]
    [InlineData("lora")]
    [InlineData("dora")]
    public void Skipped_group_keeps_parameters_and_optimizer_state_bit_identical(string method)
    {
        using var run = CotoRun.Create(Tiny.Config(method), Tiny.Env);
        var groups = run.Groups.Count;
        bool[] All() => Enumerable.Repeat(true, groups).ToArray();
        bool[] OnlyFirst() => Enumerable.Range(0, groups).Select(g => g == 0).ToArray();
        for (var s = 0; s < 3; s++) run.Step(s, All()); // every group now has moments and a step count

        var watched = run.Groups[1].Sites.SelectMany(site => site.Linear.Adapter!.Tensors.Values).ToArray();
        var before = Snapshot(run, watched);
        for (var s = 3; s < 6; s++) run.Step(s, OnlyFirst());
        var after = Snapshot(run, watched);

        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++) Assert.Equal(before[i], after[i]);
        Assert.True(watched.All(p => p.grad is null), "skipped adapters must hold no gradient");
        // The snapshot does see optimizer updates: the active group's state moved over the same steps.
        var active = run.Groups[0].Sites.SelectMany(site => site.Linear.Adapter!.Tensors.Values).ToArray();
        var activeBefore = Snapshot(run, active);
        run.Step(6, OnlyFirst());
        Assert.NotEqual(activeBefore, Snapshot(run, active));
    }

    [Fact]
    public void Active_group_does_change()
    {
        using var run = CotoRun.Create(Tiny.Config(), Tiny.Env);
        var b = run.Groups[0].Sites[0].Linear.Adapter!.Tensors["lora_B.weight"];
        var before = b.data<float>().ToArray();
        run.Step(0, Enumerable.Range(0, run.Groups.Count).Select(g => g == 0).ToArray());
        Assert.NotEqual(before, b.data<float>().ToArray());
    }

    /// <summary>Raw bits of the parameters and of their AdamW state (step count, both moments).</summary>
    private static List<string> Snapshot(CotoRun run, IReadOnlyList<Parameter> watched)
    {
        var result = new List<string>();
        foreach (var p in watched)
        {
            result.Add(Bits(p));
            var state = run.Optimizer.StateOf(p);
            result.Add($"step={state.Step}");
            result.Add(Bits(state.ExpAvg));
            result.Add(Bits(state.ExpAvgSq));
        }
        return result;
    }

    private static string Bits(Tensor t) =>
        Convert.ToHexString(t.data<float>().ToArray().SelectMany(BitConverter.GetBytes).ToArray());
}
