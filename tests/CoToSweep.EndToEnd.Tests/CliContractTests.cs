using System.Diagnostics;
using System.Text.Json;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>Exit codes, bad input, interruption and exports of the command-line contract, on real processes.</summary>
[Collection(nameof(CliProcesses))]
public sealed class CliContractTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("e2e-cli-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private string StateDir => PathOf(".cotosweep");

    [Fact]
    public async Task Bad_sweep_files_get_one_line_per_problem_exit_2_and_write_nothing()
    {
        File.WriteAllText(PathOf("bad.yaml"), """
            name: bad
            trial: { kind: command, command: [] }
            objective: { metric: val, direction: up }
            search:
              algorithm: grid
              space:
                lr: { loguniform: [0, 1] }
            analysis: { shapley: {} }
            """);
        foreach (var verb in new[] { "validate", "run" })
        {
            var r = await Cli.RunAsync(_dir.FullName, verb, "bad.yaml");
            Assert.Equal(2, r.ExitCode);
            var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(
            [
                "bad.yaml:2:34: trial.command has no program",
                "bad.yaml:3:38: objective.direction must be one of maximize, minimize, not 'up'",
                "bad.yaml:7:11: 'lr' is a loguniform distribution; grid search takes lists and fixed values only",
                "bad.yaml:8:13: analysis.shapley needs a trial kind whose adapter groups can be masked (coto), not 'command'",
            ], lines);
            Assert.DoesNotContain("   at ", r.Stderr);
            Assert.Equal("", r.Stdout);
        }
        Assert.False(Directory.Exists(StateDir));

        var missing = await Cli.RunAsync(_dir.FullName, "run", "nope.yaml");
        Assert.Equal((2, "nope.yaml: no such sweep file"), (missing.ExitCode, missing.Stderr.Trim()));
        var usage = await Cli.RunAsync(_dir.FullName, "run", "bad.yaml", "--workers", "zero");
        Assert.Equal(2, usage.ExitCode);
        Assert.False(Directory.Exists(StateDir));
    }

    [Fact]
    public async Task Ctrl_c_exits_130_and_the_sweep_resumes_as_the_next_attempt()
    {
        File.WriteAllText(PathOf("slow.yaml"), """
            name: slow
            trial:
              kind: command
              command: [sh, -c, "echo {attempt} >> runs; while [ ! -f go ]; do sleep 0.05; done; echo 'cotosweep {\"val\": 1}'"]
            objective: { metric: val, direction: maximize }
            """);
        using (var run = new Cli.Background(_dir.FullName, "run", "slow.yaml", "--no-live"))
        {
            await Cli.Until(() => File.Exists(PathOf("runs")), "the trial to start");
            Process.Start("kill", ["-INT", run.Process.Id.ToString()])!.WaitForExit();
            await run.Process.WaitForExitAsync();
            Assert.Equal(130, run.Process.ExitCode);
            Assert.Contains("interrupted", await run.Stderr);
        }
        var status = await Cli.RunAsync(_dir.FullName, "status", "--json");
        Assert.Equal("interrupted", JsonDocument.Parse(status.Stdout).RootElement[0].GetProperty("state").GetString());
        var counts = JsonDocument.Parse(status.Stdout).RootElement[0].GetProperty("trials");
        Assert.Equal((0, 1), (counts.GetProperty("running").GetInt32(), counts.GetProperty("pending").GetInt32()));   // nothing runs without a coordinator

        File.WriteAllText(PathOf("go"), "");
        var id = JsonDocument.Parse(status.Stdout).RootElement[0].GetProperty("id").GetString()!;
        var resumed = await Cli.RunAsync(_dir.FullName, "resume", id, "--no-live");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(["1", "2"], File.ReadAllLines(PathOf("runs")));
    }

    [Fact]
    public async Task Status_and_leaderboard_exports_parse_back()
    {
        File.WriteAllText(PathOf("grid.yaml"), """
            name: grid
            trial:
              kind: command
              command: [sh, -c, "echo 'cotosweep {\"step\": 3, \"loss\": {lr}, \"note\": \"a,b\"}'; [ {lr} != 0.3 ] || exit 4"]
            objective: { metric: loss, direction: minimize }
            search:
              seeds: [0, 1]
              space:
                lr: [0.1, 0.2, 0.3]
            """);
        var run = await Cli.RunAsync(_dir.FullName, "run", "grid.yaml", "--no-live");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var status = JsonDocument.Parse((await Cli.RunAsync(_dir.FullName, "status", "--json")).Stdout).RootElement[0];
        Assert.Equal("completed", status.GetProperty("state").GetString());
        Assert.Equal((6, 4, 2), (status.GetProperty("trials").GetProperty("total").GetInt32(),
            status.GetProperty("trials").GetProperty("completed").GetInt32(), status.GetProperty("trials").GetProperty("failed").GetInt32()));
        Assert.Equal(0.1, status.GetProperty("best").GetProperty("value").GetDouble());
        Assert.StartsWith("grid-", status.GetProperty("id").GetString());
        Assert.True(status.TryGetProperty("updated", out _));

        var json = JsonDocument.Parse((await Cli.RunAsync(_dir.FullName, "leaderboard", "grid", "--format", "json")).Stdout).RootElement;
        Assert.Equal(6, json.GetArrayLength());
        Assert.Equal((1, 0.1), (json[0].GetProperty("rank").GetInt32(), json[0].GetProperty("lr").GetDouble()));
        Assert.Equal("failed", json[5].GetProperty("status").GetString());
        Assert.Contains("exit code 4", json[5].GetProperty("reason").GetString());

        var csv = (await Cli.RunAsync(_dir.FullName, "leaderboard", "grid", "--format", "csv", "--board", "configs")).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Split(',');
        Assert.Contains("loss_mean", header);
        Assert.Contains("loss_std", header);
        Assert.Equal(4, csv.Length);   // header + 3 configurations
        var first = csv[1].Split(',');
        Assert.Equal("0.1", first[Array.IndexOf(header, "lr")]);
        Assert.Equal(0.1, double.Parse(first[Array.IndexOf(header, "loss_mean")], System.Globalization.CultureInfo.InvariantCulture));

        var top = (await Cli.RunAsync(_dir.FullName, "leaderboard", "grid", "--format", "md", "--top", "1")).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, top.Length);   // header, separator, one row
        var slim = (await Cli.RunAsync(_dir.FullName, "leaderboard", "grid", "--format", "csv", "--board", "configs", "--metrics", "loss")).Stdout;
        Assert.DoesNotContain("step_mean", slim);
        Assert.Contains("loss_ci95_low", slim);
        var noSuch = await Cli.RunAsync(_dir.FullName, "leaderboard", "grid", "--metrics", "nope");
        Assert.Equal((2, "--metrics: no metric column 'nope' on this board"), (noSuch.ExitCode, noSuch.Stderr.Trim()));
        var unknown = await Cli.RunAsync(_dir.FullName, "leaderboard", "grid", "--board", "corruptoin");
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("cotosweep leaderboard: --board must be one of trials, configs, pareto, importance", unknown.Stderr);
        Assert.Contains("did you mean 'corruption'", unknown.Stderr);
        foreach (var (board, kind) in new[] { ("shapley", "shapley"), ("merge", "merge"), ("prune-configs", "prune") })
        {
            var noAnalysis = await Cli.RunAsync(_dir.FullName, "leaderboard", "grid", "--board", board);
            Assert.Equal(2, noAnalysis.ExitCode);
            Assert.Contains($"has no {kind} analysis", noAnalysis.Stderr);
            Assert.Single(noAnalysis.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
