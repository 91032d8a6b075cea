using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Tests.Shared;
using CoToSweep.Training.Nemesis;

namespace CoToSweep.Training.Tests;

/// <summary>The nemesis kind's runners in-process on a tiny mini-CLIP: a trial's metrics and artifacts, then corruption probes of it.</summary>
public sealed class NemesisRunnerTests
{
    private static TrialAssignment Assignment(string dir, params (string Key, ParamValue Value)[] extra)
    {
        var p = new Dictionary<string, ParamValue>(NemesisTests.TinyParams);
        foreach (var (k, v) in extra) p[k] = v;
        var trial = new TrialSpec("nemesis", [], null, new Dictionary<string, string>(), p);
        return new TrialAssignment("s", "t0000-s1", 1, 1, p, trial, new ObjectiveSpec("base_acc", Direction.Maximize, MetricUse.Last), null, dir, null);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    public async Task A_trial_reports_every_epoch_writes_its_prompt_and_its_corruptions_evaluate(double beta)
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("cotosweep-nemesis").FullName, "attempt-1");
        var progress = new TinyCotoSweep.RecordedProgress();
        var runner = new NemesisTrialRunner(TinyCotoSweep.RunnerOptions);
        var outcome = await runner.RunAsync(Assignment(dir, ("A", ParamValue.Of(1.0)), ("beta", ParamValue.Of(beta))), progress, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.FailureReason);
        Assert.Equal(outcome.Metrics["base_acc"], outcome.Objective);
        Assert.Equal([1.0, 2.0, 3.0], progress.Reports.Select(r => r.Metrics["epoch"]));
        Assert.True(File.Exists(Path.Combine(dir, PromptCheckpoint.FileName)));
        Assert.True(File.Exists(Path.Combine(dir, "curve.json")));

        var probes = new AdapterProbe[]
        {
            new CorruptProbe(dir, -1, "original", 1, 0, "test"), new CorruptProbe(dir, 2, "rescale", 1, 0, "test"),
            new CorruptProbe(dir, 0, "replace", 0, 5, "test"),
        };
        var unit = new AnalysisUnitAssignment("s", "corruption-t0000-s1", "corruption", "t0000-s1", 0, 1, "nemesis", [], [0, 1, 2], probes);
        var results = await runner.EvaluateAsync(unit, CancellationToken.None);
        Assert.Equal(outcome.Metrics["base_acc"], results[0].Accuracy);
        Assert.Equal(results[0], results[1]);
        Assert.InRange(results[2].Accuracy, 0, 1);
    }

    [Fact]
    public async Task Bad_values_fail_with_a_clear_message()
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-nemesis").FullName;
        var outcome = await new NemesisTrialRunner(TinyCotoSweep.RunnerOptions).RunAsync(Assignment(dir, ("norm_type", ParamValue.Of("three"))),
            new TinyCotoSweep.RecordedProgress(), CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.Equal("norm_type 'three' is not one of one, two, inf", outcome.FailureReason);
    }
}
