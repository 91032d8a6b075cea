using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Tests.Shared;

namespace CoToSweep.Training.Tests;

public class RunnerTests
{
    [Fact]
    public async Task Runs_a_trial_reports_progress_and_writes_artifacts()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("cotosweep-run").FullName, "attempt-1");
        var progress = new TinyCotoSweep.RecordedProgress();
        var outcome = await new CotoTrialRunner(TinyCotoSweep.RunnerOptions).RunAsync(TinyCotoSweep.Assignment([], dir), progress, CancellationToken.None);
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
        var outcome = await new CotoTrialRunner(TinyCotoSweep.RunnerOptions).RunAsync(TinyCotoSweep.Assignment(new() { ["adapter.method"] = ParamValue.Of("qlora") }, dir), new TinyCotoSweep.RecordedProgress(), CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.Equal("adapter.method 'qlora' is not one of lora, rslora, dora, hira", outcome.FailureReason);
    }

    [Fact]
    public async Task Nan_loss_is_a_trial_failure_naming_the_step()
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-run").FullName;
        var outcome = await new CotoTrialRunner(TinyCotoSweep.RunnerOptions).RunAsync(TinyCotoSweep.Assignment(new()
        {
            ["lr"] = ParamValue.Of(1e15), ["lr_schedule"] = ParamValue.Of("constant"), ["schedule.shape"] = ParamValue.Of("constant"),
        }, dir), new TinyCotoSweep.RecordedProgress(), CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.True(outcome.TrialFault);
        Assert.Matches("^loss is NaN at step [0-9]+$", outcome.FailureReason);
    }

    [Fact]
    public async Task Cancellation_stops_the_trial_promptly()
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-run").FullName;
        using var cts = new CancellationTokenSource();
        var progress = new TinyCotoSweep.RecordedProgress();
        var task = new CotoTrialRunner(TinyCotoSweep.RunnerOptions).RunAsync(TinyCotoSweep.Assignment(new() { ["steps"] = ParamValue.Of(100000L) }, dir), progress, cts.Token);
        while (progress.Reports.IsEmpty && !task.IsCompleted) await Task.Delay(20); // training is under way
        var clock = System.Diagnostics.Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }
}
