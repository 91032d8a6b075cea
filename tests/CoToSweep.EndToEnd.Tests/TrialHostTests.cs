using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Tests.Shared;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// The <c>coto</c> kind through <see cref="ProcessIsolatedTrialRunner"/>: tiny trials in a long-lived child
/// <c>cotosweep trial-host --serve</c> process, with the same outcome as in-process; the host is kept between trials,
/// cancellation kills it (and only that trial), and a host killed from outside fails one trial and is replaced.
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
        var runner = Runner();
        var task = runner.RunAsync(a, progress, cts.Token);
        await progress.FirstReport.WaitAsync(TimeSpan.FromSeconds(90));   // training under way
        var host = runner.HostProcessId!.Value;
        Assert.True(Alive(host));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.False(Alive(host));

        // Only that trial: the next one runs, in a new host.
        var next = await runner.RunAsync(Assignment([]), new TinyCotoSweep.RecordedProgress(), CancellationToken.None);
        Assert.True(next.Succeeded, next.FailureReason);
        Assert.NotEqual(host, runner.HostProcessId);
    }

    [Fact]
    public async Task The_host_is_kept_between_trials()
    {
        var runner = Runner();
        var first = await runner.RunAsync(Assignment([]), new TinyCotoSweep.RecordedProgress(), CancellationToken.None);
        Assert.True(first.Succeeded, first.FailureReason);
        var host = runner.HostProcessId;
        var b = Assignment(new() { ["lr"] = ParamValue.Of(1e-3) });
        var second = await runner.RunAsync(b, new TinyCotoSweep.RecordedProgress(), CancellationToken.None);
        Assert.True(second.Succeeded, second.FailureReason);
        Assert.Equal(host, runner.HostProcessId);
        // Each attempt's output is its own.
        var log = await File.ReadAllTextAsync(Path.Combine(b.ArtifactDir, "stdout.log"));
        Assert.Single(log.Split('\n'), l => l.Contains("\"test_acc\"", StringComparison.Ordinal));   // its final metrics, not the first's
    }

    [Fact]
    public async Task A_host_killed_from_outside_fails_its_trial_and_the_next_trial_gets_a_new_host()
    {
        var runner = Runner();
        var progress = new TinyCotoSweep.RecordedProgress();
        var task = runner.RunAsync(Assignment(new() { ["steps"] = ParamValue.Of(100000L) }), progress, CancellationToken.None);
        await progress.FirstReport.WaitAsync(TimeSpan.FromSeconds(90));
        var host = runner.HostProcessId!.Value;
        System.Diagnostics.Process.GetProcessById(host).Kill();   // SIGKILL, as a native crash would end it
        var crashed = await task;
        Assert.False(crashed.Succeeded);
        Assert.Contains("the trial host", crashed.FailureReason);
        // The supervisor was killed, not the training process under it: nothing of the host's group trains on. SIGKILL is
        // delivered at once but a process takes a moment to end; an orphan left training would outlast the wait.
        await Cli.Until(() => GroupMembers(host).Count == 0, "the host's process group to be gone", 10);
        Assert.Empty(GroupMembers(host));

        var next = await runner.RunAsync(Assignment([]), new TinyCotoSweep.RecordedProgress(), CancellationToken.None);
        Assert.True(next.Succeeded, next.FailureReason);
        Assert.NotEqual(host, runner.HostProcessId);
    }

    /// <summary>Live processes whose process group is <paramref name="pgid"/> (field 5 of /proc/PID/stat).</summary>
    private static List<int> GroupMembers(int pgid) =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsDigit)).Select(int.Parse)
            .Where(pid =>
            {
                try
                {
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    return fields[0] != "Z" && fields[2] == pgid.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (IOException) { return false; }
            }).ToList();

    private static bool Alive(int pid)
    {
        try { return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal); }
        catch (IOException) { return false; }
    }
}
