using System.Diagnostics;
using CoToSweep.Actors.Runners;
using CoToSweep.Actors.Runners.Processes;

namespace CoToSweep.Actors.Tests.Runners;

/// <summary>The whole process tree of a trial dies on timeout, on cancellation and with the runner.</summary>
public sealed class ProcessTreeDeathTests : IDisposable
{
    private readonly RunnerScratch _scratch = new();
    private readonly CommandTrialRunner _runner = new();

    public void Dispose() => _scratch.Dispose();

    // The trial is a shell whose child shell starts a grandchild `sleep` that ignores SIGTERM.
    private const string TreeScript = """
        sh -c 'trap "" TERM; sleep 30 & echo $! > "$1"; wait' inner "$1" &
        wait
        """;

    [Fact]
    public async Task A_timeout_kills_the_whole_tree()
    {
        var pidFile = _scratch.PathOf("grandchild.pid");
        var started = Stopwatch.StartNew();
        var outcome = await _runner.RunAsync(_scratch.Sh(TreeScript, pidFile) with { TimeoutSeconds = 1 },
            new RecordingProgress(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.TrialFault);
        Assert.Equal("timed out after 1s", outcome.FailureReason);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));
        var grandchild = await ProcessProbe.ReadPidFile(pidFile);
        Assert.True(await ProcessProbe.DiesWithin(grandchild, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Cancellation_kills_the_whole_tree_and_throws()
    {
        var pidFile = _scratch.PathOf("grandchild.pid");
        using var cts = new CancellationTokenSource();
        var running = _runner.RunAsync(_scratch.Sh(TreeScript, pidFile), new RecordingProgress(), cts.Token);
        var grandchild = await ProcessProbe.ReadPidFile(pidFile);
        Assert.True(ProcessProbe.IsAlive(grandchild));

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(await ProcessProbe.DiesWithin(grandchild, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Trial_survives_the_exit_of_the_thread_that_asked_for_it()
    {
        // pdeathsig fires when the forking *thread* exits; the spawner thread must be the one that forks.
        Task<TrialOutcome>? running = null;
        var caller = new Thread(() => running = _runner.RunAsync(
            _scratch.Sh("sleep 0.5; echo 'cotosweep {\"acc\": 1}'"), new RecordingProgress(), CancellationToken.None));
        caller.Start();
        caller.Join();
        var outcome = await running!;
        Assert.True(outcome.Succeeded, outcome.FailureReason);
        Assert.Equal(1, outcome.Objective);
    }

    [Fact]
    public async Task Killing_the_runner_with_SIGKILL_kills_the_trials_grandchildren()
    {
        // A shell stands in for the runner: it starts the supervised trial exactly as the runner does (the supervisor
        // checks that its parent is the pid it was given, so the stand-in passes its own), then is SIGKILLed.
        var supervisor = TrialSupervisor.ForHost();
        var pidFile = _scratch.PathOf("grandchild.pid");
        var standIn = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var a in (string[])["-c", """
                     runner=$$; setpriv="$1"; setsid="$2"; sh="$3"; script="$4"; shift 4
                     "$setpriv" --pdeathsig TERM -- "$setsid" "$sh" -c "$script" cotosweep-supervisor "$runner" "$@" &
                     wait
                     """, "stand-in", supervisor.SetprivPath, supervisor.SetsidPath, supervisor.ShPath, TrialSupervisor.Script,
                     "sh", "-c", TreeScript, "trial", pidFile])
            standIn.ArgumentList.Add(a);
        using var runner = Process.Start(standIn)!;
        var grandchild = 0;
        try
        {
            grandchild = await ProcessProbe.ReadPidFile(pidFile);
            Assert.True(ProcessProbe.IsAlive(grandchild));

            runner.Kill(); // SIGKILL, the stand-in only: no chance to clean up
            await runner.WaitForExitAsync();

            Assert.True(await ProcessProbe.DiesWithin(grandchild, TimeSpan.FromSeconds(2)), "the trial's grandchild outlived the runner");
        }
        finally
        {
            if (grandchild > 0) ProcessProbe.KillQuietly(grandchild);
        }
    }

    [Fact]
    public async Task A_trial_that_signals_its_own_group_is_not_killed_by_the_supervisor()
    {
        // `trap 'kill 0' EXIT` is a common cleanup idiom; the supervisor must not take it for the runner's death.
        var outcome = await _runner.RunAsync(_scratch.Sh("""
            trap "" TERM
            kill -TERM 0
            sleep 0.2
            echo 'cotosweep {"acc": 1}'
            """), new RecordingProgress(), CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.FailureReason);
    }

    [Fact]
    public async Task The_supervisor_refuses_to_start_a_trial_when_the_runner_is_already_gone()
    {
        var supervisor = TrialSupervisor.ForHost();
        var marker = _scratch.PathOf("started");
        var info = new ProcessStartInfo(supervisor.ShPath) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in (string[])["-c", TrialSupervisor.Script, "cotosweep-supervisor", "1", "sh", "-c", "touch \"$1\"", "trial", marker])
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(TrialSupervisor.RunnerGoneExitCode, p.ExitCode);
        Assert.Contains("runner 1 is gone", stderr);
        Assert.False(File.Exists(marker));
    }
}
