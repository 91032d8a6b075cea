using System.Text.Json;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Runners;

public sealed class CommandTrialRunnerTests : IDisposable
{
    private readonly RunnerScratch _scratch = new();
    private readonly CommandTrialRunner _runner = new(new CommandRunnerOptions { ReportInterval = TimeSpan.FromMilliseconds(200) });

    public void Dispose() => _scratch.Dispose();

    private Task<TrialOutcome> Run(TrialAssignment a, RecordingProgress? progress = null, CancellationToken ct = default) =>
        _runner.RunAsync(a, progress ?? new RecordingProgress(), ct);

    [Fact]
    public async Task Metrics_are_parsed_objective_is_the_last_value_and_the_last_report_arrives()
    {
        var progress = new RecordingProgress();
        var outcome = await Run(_scratch.Sh("""
            echo 'cotosweep {"step": 1, "acc": 0.5, "loss": 2.0}'
            echo 'just a log line'
            echo 'cotosweep {"step": 2, "acc": 0.9}'
            echo 'cotosweep {broken'
            echo 'cotosweep {"step": 3, "acc": 0.7, "loss": 1.0}'
            """), progress);

        Assert.True(outcome.Succeeded, outcome.FailureReason);
        Assert.Equal(0.7, outcome.Objective);
        Assert.Equal(0.7, outcome.Metrics["acc"]);
        Assert.Equal(1.0, outcome.Metrics["loss"]);
        Assert.Equal(3, outcome.Metrics["step"]);
        var reports = progress.Reports.ToList();
        Assert.InRange(reports.Count, 1, 2); // throttled: the first at once, the rest merged into the last
        Assert.Equal(3, reports[^1].Step);
        Assert.Equal(0.7, reports[^1].Metrics["acc"]);
    }

    [Fact]
    public async Task Objective_best_takes_the_best_value_in_its_direction()
    {
        var a = _scratch.Sh("""
            echo 'cotosweep {"step": 1, "loss": 0.4}'
            echo 'cotosweep {"step": 2, "loss": 0.2}'
            echo 'cotosweep {"step": 3, "loss": 0.3}'
            """) with { Objective = new ObjectiveSpec("loss", Direction.Minimize, MetricUse.Best) };
        var outcome = await Run(a);
        Assert.Equal(0.2, outcome.Objective);
        Assert.Equal(0.3, outcome.Metrics["loss"]);
    }

    [Fact]
    public async Task Params_reach_argv_and_environment_typed()
    {
        var parameters = new Dictionary<string, ParamValue>
        {
            ["lr"] = ParamValue.Of(0.001), ["schedule.shape"] = ParamValue.Of("linear"), ["rank"] = ParamValue.Of(8L),
            ["bias"] = ParamValue.Of(true), ["scale"] = ParamValue.Of(2.0),
        };
        var a = _scratch.Command(["sh", "-c", """
                printf '%s\n' "$@" > argv.txt
                printf '%s' "$COTOSWEEP_PARAMS" > params.json
                printf '%s|%s|%s|%s|%s|%s|%s\n' "$COTOSWEEP_TRIAL_ID" "$COTOSWEEP_SEED" "$COTOSWEEP_ATTEMPT" \
                  "$COTOSWEEP_ARTIFACTS" "$COTOSWEEP_SWEEP_ID" "$MY_VAR" "$CUDA_VISIBLE_DEVICES" > env.txt
                """, "trial", "--lr={lr}", "{schedule.shape}", "{rank}", "{trial_id}", "{seed}", "{attempt}", "{artifacts}", "{{lr}}"],
            parameters, env: new Dictionary<string, string> { ["MY_VAR"] = "mine" });
        var runner = new CommandTrialRunner(new CommandRunnerOptions { CudaVisibleDevices = "" });

        var outcome = await runner.RunAsync(a, new RecordingProgress(), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.FailureReason);
        Assert.Equal(["--lr=0.001", "linear", "8", "t0000-s0", "7", "1", _scratch.ArtifactDir, "{lr}"],
            File.ReadAllLines(_scratch.PathOf("argv.txt")));
        using var json = JsonDocument.Parse(File.ReadAllText(_scratch.PathOf("params.json")));
        var root = json.RootElement;
        Assert.Equal(0.001, root.GetProperty("lr").GetDouble());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("rank").ValueKind);
        Assert.Equal(8, root.GetProperty("rank").GetInt64());
        Assert.Equal("2.0", root.GetProperty("scale").GetRawText());
        Assert.Equal(JsonValueKind.True, root.GetProperty("bias").ValueKind);
        Assert.Equal("linear", root.GetProperty("schedule.shape").GetString());
        Assert.Equal($"t0000-s0|7|1|{_scratch.ArtifactDir}|s-1|mine|", File.ReadAllText(_scratch.PathOf("env.txt")).TrimEnd('\n'));
    }

    [Fact]
    public async Task Working_directory_is_resolved_against_the_sweep_directory()
    {
        Directory.CreateDirectory(_scratch.PathOf("work"));
        var a = _scratch.Command(["sh", "-c", "pwd > where.txt"], workDir: "work");
        Assert.True((await Run(a)).Succeeded);
        Assert.Equal(_scratch.PathOf("work"), File.ReadAllText(_scratch.PathOf("work/where.txt")).Trim());

        var missing = await Run(_scratch.Command(["sh", "-c", "true"], workDir: "nowhere"));
        Assert.False(missing.Succeeded);
        Assert.Contains("does not exist", missing.FailureReason);
    }

    [Fact]
    public async Task Stdout_and_stderr_are_kept_and_a_nonzero_exit_fails_with_the_last_stderr_line()
    {
        var outcome = await Run(_scratch.Sh("""
            echo 'cotosweep {"acc": 0.1}'
            echo out-line
            echo first-err >&2
            echo 'Boom: out of cheese' >&2
            exit 3
            """));

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.TrialFault);
        Assert.Equal("exit code 3: Boom: out of cheese", outcome.FailureReason);
        Assert.Equal(0.1, outcome.Metrics["acc"]);
        Assert.Equal("cotosweep {\"acc\": 0.1}\nout-line\n", File.ReadAllText(Path.Combine(_scratch.ArtifactDir, "stdout.log")));
        Assert.Equal("first-err\nBoom: out of cheese\n", File.ReadAllText(Path.Combine(_scratch.ArtifactDir, "stderr.log")));
    }

    [Fact]
    public async Task A_signal_death_is_reported_as_such()
    {
        var outcome = await Run(_scratch.Sh("kill -KILL $$"));
        Assert.False(outcome.Succeeded);
        Assert.Equal("killed by signal 9 (SIGKILL)", outcome.FailureReason);
        Assert.True(outcome.TrialFault);
    }

    [Fact]
    public async Task A_NaN_metric_fails_the_trial_at_once()
    {
        var started = DateTime.UtcNow;
        var outcome = await Run(_scratch.Sh("""
            echo 'cotosweep {"step": 1, "loss": 1.5}'
            echo 'cotosweep {"step": 2, "loss": NaN}'
            sleep 20
            """));
        Assert.False(outcome.Succeeded);
        Assert.True(outcome.TrialFault);
        Assert.Equal("metric 'loss' is NaN", outcome.FailureReason);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_missing_program_is_a_trial_failure()
    {
        var bare = await Run(_scratch.Command(["no-such-program-cotosweep", "x"]));
        Assert.False(bare.Succeeded);
        Assert.True(bare.TrialFault);
        Assert.Equal("cannot start 'no-such-program-cotosweep': not found in PATH", bare.FailureReason);

        var relative = await Run(_scratch.Command(["./train.sh"]));
        Assert.Equal("cannot start './train.sh': no such file", relative.FailureReason);

        var placeholder = await Run(_scratch.Command(["sh", "{nope}"]));
        Assert.Contains("unknown placeholder '{nope}'", placeholder.FailureReason);
    }

    [Fact]
    public async Task Leftover_background_processes_die_when_the_trial_exits()
    {
        var pidFile = _scratch.PathOf("bg.pid");
        var outcome = await Run(_scratch.Sh("sh -c 'trap \"\" TERM; sleep 30' & echo $! > \"$1\"; exit 0", pidFile));
        Assert.True(outcome.Succeeded, outcome.FailureReason);
        var pid = await ProcessProbe.ReadPidFile(pidFile);
        Assert.True(await ProcessProbe.DiesWithin(pid, TimeSpan.FromSeconds(2)));
    }
}
