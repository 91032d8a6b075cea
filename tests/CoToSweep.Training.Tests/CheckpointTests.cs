using CoToSweep.Training.Checkpoints;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Evaluation;

namespace CoToSweep.Training.Tests;

public class CheckpointTests
{
    [Theory]
    [InlineData("lora")]
    [InlineData("rslora")]
    [InlineData("dora")]
    [InlineData("hira")]
    public void Saved_adapter_reloads_with_the_same_weights_and_masked_evaluations(string method)
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-ckpt").FullName;
        var path = Path.Combine(dir, "adapter.safetensors");
        var config = Tiny.Config(method, steps: 6);
        using var run = CotoRun.Create(config, Tiny.Env);
        var all = Enumerable.Repeat(true, run.Groups.Count).ToArray();
        for (var s = 0; s < 6; s++) run.Step(s, all);
        run.SaveAdapter(path);
        bool[] mask = [true, false, true];

        using var session = AdapterSession.Open(path, Tiny.Env);
        Assert.Equal(["layer0", "layer1", "layer2"], session.GroupNames);
        Assert.Equal(run.Evaluate("val"), session.Evaluate(null));
        Assert.Equal(run.Evaluate("test", mask), session.Evaluate(mask, "test"));
        Assert.NotEqual(session.Evaluate(null, "val"), session.Evaluate(new bool[3], "val"));

        var (tensors, meta) = SafeTensors.Load(path);
        Assert.Contains("base_model.model.blocks.0.attn.q." + (method == "hira" ? "hira_A.weight" : "lora_A.weight"), tensors.Keys);
        Assert.Equal(method == "dora" ? 3 * 4 * 3 : 3 * 4 * 2, tensors.Count);
        Assert.Equal(config, AdapterCheckpoint.ReadConfig(path) with { Adapter = config.Adapter, Schedule = config.Schedule, Base = config.Base });
        Assert.Equal(method.ToUpperInvariant(), meta["peft_type"]);
        foreach (var t in tensors.Values) t.Dispose();
    }

    [Fact]
    public void Module_granularity_names_one_group_per_projection()
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-ckpt").FullName;
        var path = Path.Combine(dir, "a.safetensors");
        using (var run = CotoRun.Create(Tiny.Config(steps: 1), Tiny.Env)) run.SaveAdapter(path);
        using var session = AdapterSession.Open(path, Tiny.Env, granularity: "module");
        Assert.Equal(12, session.GroupNames.Count);
        Assert.Equal("layer1.v", session.GroupNames[6]);
    }

    [Fact]
    public void Corrupt_safetensors_is_one_clear_error()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cotosweep-ckpt").FullName, "bad.safetensors");
        File.WriteAllBytes(path, [200, 0, 0, 0, 0, 0, 0, 0, (byte)'{']);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains("corrupt safetensors", e.Message);
    }
}
