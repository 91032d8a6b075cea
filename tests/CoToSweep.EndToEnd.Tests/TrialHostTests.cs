using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Tests.Shared;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// The <c>coto</c> kind through <see cref="ProcessIsolatedTrialRunner"/>: a tiny trial in a child
/// <c>cotosweep trial-host</c> process, with the same outcome as in-process; cancellation kills the child.
/// </summary>
public class TrialHostTests
{
    private static ProcessIsolatedTrialRunner Runner() => new(
        TinyCotoSweep.RunnerOptions,
        hostCommand: ["dotnet", Cli.Dll]);

    private static TrialAssignment Assignment(Dictionary<string, ParamValue> extra) =>
        TinyCotoSweep.Assignment(extra, Path.Combine(Directory.CreateTempSubdirectory("cotosweep-host").FullName, "attempt-1"));

    [Fact]
    public async Task Trial_runs_in_a_child_process_with_metrics_and_artifacts()
    {
        var a = Assignment([]);
        var progress = new TinyCotoSweep.RecordedProgress();
        var outcome = await Runner().RunAsync(a, progress, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.FailureReason);
        Assert.Equal(outcome.Metrics["val_acc"], outcome.Objective);
        foreach (var m in new[] { "test_acc", "ood_acc", "base_val_acc", "steps_per_second" }) Assert.True(outcome.Metrics.ContainsKey(m), m);
        Assert.Equal(8, outcome.Metrics["step"]);
        Assert.Equal(8L, progress.Reports.Last().Step);
        foreach (var f in new[] { "adapter.safetensors", "curve.json", "assignment.json", "stdout.log", "stderr.log" })
            Assert.True(File.Exists(Path.Combine(a.ArtifactDir, f)), f);
        Assert.Contains("cotosweep {", await File.ReadAllTextAsync(Path.Combine(a.ArtifactDir, "stdout.log")));
    }

    [Fact]
    public async Task Nan_loss_fails_with_the_in_process_reason()
    {
        var outcome = await Runner().RunAsync(Assignment(new()
        {
            ["lr"] = ParamValue.Of(1e15), ["lr_schedule"] = ParamValue.Of("constant"), ["schedule.shape"] = ParamValue.Of("constant"),
        }), new TinyCotoSweep.RecordedProgress(), CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.True(outcome.TrialFault);
        Assert.Matches("^loss is NaN at step [0-9]+$", outcome.FailureReason);
    }

    [Fact]
    public async Task Cancellation_kills_the_child()
    {
        var a = Assignment(new() { ["steps"] = ParamValue.Of(100000L) });
        var progress = new TinyCotoSweep.RecordedProgress();
        using var cts = new CancellationTokenSource();
        var task = Runner().RunAsync(a, progress, cts.Token);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (progress.Reports.IsEmpty && !task.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(50); // training under way
        Assert.NotEmpty(progress.Reports);
        Assert.NotEmpty(HostProcesses(a.ArtifactDir));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Empty(HostProcesses(a.ArtifactDir));
    }

    /// <summary>Live processes whose command line names this attempt's directory.</summary>
    private static List<int> HostProcesses(string artifactDir)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(artifactDir, StringComparison.Ordinal)
                    && !File.ReadAllText(Path.Combine(dir, "stat")).Contains(") Z ", StringComparison.Ordinal))
                    found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}
