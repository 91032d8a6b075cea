using System.Collections.Concurrent;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Training.Tests;

public class RunnerTests
{
    private sealed class Progress : ITrialProgress
    {
        public ConcurrentQueue<(long Step, IReadOnlyDictionary<string, double> Metrics)> Reports { get; } = new();
        public void Report(long step, IReadOnlyDictionary<string, double> metrics) => Reports.Enqueue((step, metrics));
    }

    private static readonly CotoRunnerOptions Options = new(null, Path.Combine(Path.GetTempPath(), "cotosweep-tests-models"), 1, "cpu");

    private static TrialAssignment Assignment(Dictionary<string, ParamValue> extra, string dir)
    {
        var p = new Dictionary<string, ParamValue>
        {
            ["steps"] = ParamValue.Of(8L), ["eval_every"] = ParamValue.Of(4L), ["batch_size"] = ParamValue.Of(16L),
            ["train_size"] = ParamValue.Of(300L), ["val_size"] = ParamValue.Of(100L), ["test_size"] = ParamValue.Of(100L),
            ["base.patch_size"] = ParamValue.Of(7L), ["base.depth"] = ParamValue.Of(3L), ["base.width"] = ParamValue.Of(16L),
            ["base.heads"] = ParamValue.Of(2L), ["base.mlp_hidden"] = ParamValue.Of(32L), ["base.pretrain_steps"] = ParamValue.Of(20L),
            ["base.pretrain_batch"] = ParamValue.Of(32L), ["adapter.targets"] = ParamValue.Of("q,v"),
        };
        foreach (var (k, v) in extra) p[k] = v;
        var trial = new TrialSpec("coto", [], null, new Dictionary<string, string>(), p);
        return new TrialAssignment("s", "t0000-s0", 1, 0, p, trial, new ObjectiveSpec("val_acc", Direction.Maximize, MetricUse.Last), null, dir, null);
    }

    [Fact]
    public async Task Runs_a_trial_reports_progress_and_writes_artifacts()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("cotosweep-run").FullName, "attempt-1");
        var progress = new Progress();
        var outcome = await new CotoTrialRunner(Options).RunAsync(Assignment([], dir), progress, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.FailureReason);
        Assert.Equal(outcome.Metrics["val_acc"], outcome.Objective);
        Assert.Equal([4L, 8L], progress.Reports.Select(r => r.Step));
        Assert.True(File.Exists(Path.Combine(dir, "adapter.safetensors")));
        Assert.True(File.Exists(Path.Combine(dir, "curve.json")));
    }

    [Fact]
    public async Task Bad_values_fail_with_a_clear_message()
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-run").FullName;
        var outcome = await new CotoTrialRunner(Options).RunAsync(Assignment(new() { ["adapter.method"] = ParamValue.Of("qlora") }, dir), new Progress(), CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.Equal("adapter.method 'qlora' is not one of lora, rslora, dora, hira", outcome.FailureReason);
    }

    [Fact]
    public async Task Nan_loss_is_a_trial_failure_naming_the_step()
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-run").FullName;
        var outcome = await new CotoTrialRunner(Options).RunAsync(Assignment(new()
        {
            ["lr"] = ParamValue.Of(1e15), ["lr_schedule"] = ParamValue.Of("constant"), ["schedule.shape"] = ParamValue.Of("constant"),
        }, dir), new Progress(), CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.True(outcome.TrialFault);
        Assert.Matches("^loss is NaN at step [0-9]+$", outcome.FailureReason);
    }

    [Fact]
    public async Task Cancellation_stops_the_trial_promptly()
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-run").FullName;
        using var cts = new CancellationTokenSource();
        var progress = new Progress();
        var task = new CotoTrialRunner(Options).RunAsync(Assignment(new() { ["steps"] = ParamValue.Of(100000L) }, dir), progress, cts.Token);
        while (progress.Reports.IsEmpty && !task.IsCompleted) await Task.Delay(20); // training is under way
        var clock = System.Diagnostics.Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }
}
