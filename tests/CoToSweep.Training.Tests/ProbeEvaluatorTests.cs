using CoToSweep.Domain.Analyses;
using CoToSweep.Training.Checkpoints;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Evaluation;

namespace CoToSweep.Training.Tests;

/// <summary>
/// Probes on real tiny adapters: two seeds on the rotated task, and one on the inverted task that also trains its head.
/// </summary>
public class ProbeEvaluatorTests
{
    private const string Rotated = "fmnist-rotated", Inverted = "fmnist-inverted";

    private static readonly Lazy<(string A, string B, string C)> Members = new(() =>
        (Train(Tiny.Config(seed: 1)), Train(Tiny.Config(seed: 2)), Train(Tiny.Config(seed: 3) with { Task = Inverted, TrainHead = true })));

    private static string Train(CotoConfig config)
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-probe-").FullName;
        using var run = CotoRun.Create(config with { Steps = 8 }, Tiny.Env);
        var all = Enumerable.Repeat(true, run.Groups.Count).ToArray();
        for (var s = 0; s < 8; s++) run.Step(s, all);
        run.SaveAdapter(Path.Combine(dir, AdapterCheckpoint.FileName));
        return dir;
    }

    private static AdapterSession Own(string member, string? task = null) =>
        AdapterSession.Open(ProbeEvaluator.AdapterPath(member), Tiny.Env, task);

    [Fact]
    public void Mask_probes_are_the_sessions_masked_evaluation()
    {
        var (a, _, _) = Members.Value;
        using var probes = new ProbeEvaluator(Tiny.Env);
        using var session = Own(a);
        foreach (var (coalition, split) in new[] { (0b101UL, "val"), (0b111UL, "test"), (0UL, "val") })
            Assert.Equal(session.Evaluate(coalition, split), probes.Evaluate(new MaskProbe(a, coalition, split)));
        Assert.Equal(session.GroupNames, probes.Groups(a));
    }

    [Theory]
    [InlineData("delta")]
    [InlineData("factors")]
    public void Interpolation_at_zero_and_one_is_each_endpoint_adapter_exactly(string space)
    {
        var (a, b, _) = Members.Value;
        using var probes = new ProbeEvaluator(Tiny.Env);
        using var sa = Own(a);
        using var sb = Own(b);
        Assert.Equal(sa.Evaluate(null, "val"), probes.Evaluate(new InterpolateProbe(a, b, 0, space, "val")));
        Assert.Equal(sb.Evaluate(null, "val"), probes.Evaluate(new InterpolateProbe(a, b, 1, space, "val")));
        Assert.NotEqual(sa.Evaluate(null, "val"), sb.Evaluate(null, "val"));
        var middle = probes.Evaluate(new InterpolateProbe(a, b, 0.5, space, "val"));
        Assert.InRange(middle.Accuracy, 0, 1);
        Assert.True(double.IsFinite(middle.Loss));
    }

    [Fact]
    public void Dense_delta_evaluation_is_the_adapter_itself_head_included_to_float_rounding()
    {
        var (a, _, c) = Members.Value;
        using var probes = new ProbeEvaluator(Tiny.Env);
        foreach (var member in new[] { a, c })
        {
            using var own = Own(member);
            var expected = own.Evaluate(null, "val");
            var merged = probes.Evaluate(new MergeProbe([member], "average", 1, 1, 0, 0, "val"));
            Assert.Equal(expected.Loss, merged.Loss, 1e-4 * expected.Loss);
            Assert.Equal(expected.Accuracy, merged.Accuracy, 0.011); // at most a borderline image or two may flip
        }
    }

    [Fact]
    public void A_merge_across_two_tasks_evaluates_on_the_first_members_task_or_the_one_asked()
    {
        var (a, _, c) = Members.Value;
        using var probes = new ProbeEvaluator(Tiny.Env);
        MergeProbe Avg(string[] members, string? task) => new(members, "average", 1, 1, 0, 0, "val", task);
        var onRotated = probes.Evaluate(Avg([a, c], null));
        var onInverted = probes.Evaluate(Avg([c, a], null));
        Assert.Equal(onRotated, probes.Evaluate(Avg([a, c], Rotated)));
        Assert.Equal(onInverted, probes.Evaluate(Avg([a, c], Inverted)));
        Assert.NotEqual(onRotated, onInverted);
        foreach (var method in new[] { "task_arithmetic", "ties", "dare" })
            Assert.InRange(probes.Evaluate(new MergeProbe([a, c], method, 0.7, 0.5, 0.3, 4, "val")).Accuracy, 0, 1);
    }

    [Theory]
    [InlineData("layer")]
    [InlineData("global")]
    public void Magnitude_pruning_at_sparsity_one_is_the_base_model_on_the_task(string scope)
    {
        var (a, _, _) = Members.Value;
        using var probes = new ProbeEvaluator(Tiny.Env);
        Assert.Equal(probes.Evaluate(new MaskProbe(a, 0, "test")), probes.Evaluate(new MagnitudeProbe(a, 1, scope, "test")));
        var half = probes.Evaluate(new MagnitudeProbe(a, 0.5, scope, "test"));
        Assert.True(double.IsFinite(half.Loss));
    }

    [Fact]
    public void A_missing_adapter_and_an_unknown_merge_method_are_refused()
    {
        var (a, _, _) = Members.Value;
        using var probes = new ProbeEvaluator(Tiny.Env);
        Assert.Throws<FileNotFoundException>(() => probes.Evaluate(new MaskProbe("/nowhere", 1, "val")));
        Assert.Contains("average, task_arithmetic", Assert.Throws<ArgumentException>(() => probes.Evaluate(new MergeProbe([a], "cat", 1, 1, 0, 0, "val"))).Message);
    }
}
