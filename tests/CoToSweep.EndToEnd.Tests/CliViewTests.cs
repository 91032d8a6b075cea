using System.Diagnostics;
using System.Text.Json;
using CoToSweep.Tests.Shared;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>What a user sees of a sweep on the built CLI: boards that fit a terminal, status while it runs, logs, quiet Akka.</summary>
[Collection(nameof(CliProcesses))]
public sealed class CliViewTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("e2e-view-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    /// <summary>The quickstart's shape (coto, schedule.shape constant vs linear, two seeds) on tiny data.</summary>
    private static string QuickstartShaped() => TinyCotoSweep.Yaml("quick", "{}", seeds: "0, 1").Split("analysis:")[0].Replace(
        "search:\n  seeds: [0, 1]", "search:\n  algorithm: grid\n  seeds: [0, 1]\n  space:\n    schedule.shape: [constant, linear]");

    [Fact]
    public async Task Default_boards_of_a_quickstart_shaped_sweep_fit_160_columns_and_keep_the_objective()
    {
        File.WriteAllText(PathOf("quick.yaml"), QuickstartShaped());
        var list = await Cli.RunAsync(_dir.FullName, "validate", "quick.yaml", "--list", "--format", "csv");
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Equal(["trial,config,seed,schedule.shape", "t0000-s0,0,0,constant", "t0000-s1,0,1,constant", "t0001-s0,1,0,linear", "t0001-s1,1,1,linear"],
            list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(PathOf(".cotosweep")));

        var run = await Cli.RunAsync(_dir.FullName, TimeSpan.FromMinutes(5), "run", "quick.yaml", "--no-live", "--workers", "2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        AssertFits(run.Stdout, "run summary");
        // Akka's own lines go to the log file only.
        Assert.DoesNotContain("CoordinatedShutdown", run.Stdout + run.Stderr);
        Assert.DoesNotContain("akka://", run.Stdout + run.Stderr);
        var log = string.Concat(Directory.GetFiles(PathOf(".cotosweep/logs")).Select(f => ReadShared(f)));
        Assert.Contains("CoordinatedShutdown", log);

        foreach (var board in new[] { "trials", "configs" })
        {
            var table = await Cli.RunAsync(_dir.FullName, "leaderboard", "quick", "--board", board);
            Assert.True(table.ExitCode == 0, table.Stderr);
            AssertFits(table.Stdout, board);
            var header = table.Stdout.Split('\n')[1];
            Assert.Contains("schedule.shape", header);
            Assert.Contains(board == "trials" ? "val_acc" : "val_acc_mean", header);
            Assert.Contains("left out to fit 160 columns", table.Stdout);
            Assert.DoesNotContain("metric:", table.Stdout);
            var wide = await Cli.RunAsync(_dir.FullName, "leaderboard", "quick", "--board", board, "--wide");
            Assert.Contains(wide.Stdout.Split('\n'), l => l.Length > 160);
            var slim = await Cli.RunAsync(_dir.FullName, "leaderboard", "quick", "--board", board, "--metrics", "train_loss", "--format", "csv");
            Assert.Contains(board == "trials" ? ",val_acc," : ",val_acc_mean,", slim.Stdout.Split('\n')[0] + ",");
        }
        var csv = (await Cli.RunAsync(_dir.FullName, "leaderboard", "quick", "--board", "configs", "--format", "csv")).Stdout.Split('\n')[0].Split(',');
        Assert.DoesNotContain("step_mean", csv);
        Assert.Contains("train_loss_mean", csv);
        var json = JsonDocument.Parse((await Cli.RunAsync(_dir.FullName, "leaderboard", "quick", "--format", "json")).Stdout).RootElement;
        Assert.Equal(12, json[0].GetProperty("step").GetInt64());
        Assert.False(json[0].TryGetProperty("metric:wall_seconds", out _));
        var columns = await Cli.RunAsync(_dir.FullName, "leaderboard", "quick", "--columns", "trial,p");
        Assert.Equal(["trial", "val_acc", "p"], columns.Stdout.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Status_is_the_same_through_state_and_journal_while_it_runs_and_watch_waits_for_the_sweep()
    {
        File.WriteAllText(PathOf("slow.yaml"), """
            name: slow
            trial:
              kind: command
              command: [sh, -c, "echo hello from attempt {attempt}; echo 'cotosweep {\"step\": 5, \"val\": 0.5}'; while [ ! -f go ]; do sleep 0.05; done; echo 'cotosweep {\"step\": 9, \"val\": 0.75}'"]
            objective: { metric: val, direction: maximize }
            """);
        using var watch = new Cli.Background(_dir.FullName, "status", "slow", "--watch", "--json");
        await Cli.Until(() => watch.Output.Contains("waiting for sweep 'slow'"), "status --watch to wait for the sweep");
        using var run = new Cli.Background(_dir.FullName, "run", "slow.yaml", "--no-live");
        await Cli.Until(() => Running() is not null, "the trial to report", 90);
        JsonElement Row(string json) => JsonDocument.Parse(json).RootElement[0];
        string? Running()
        {
            var board = Cli.RunAsync(_dir.FullName, "leaderboard", "slow", "--format", "json").Result;
            return board.ExitCode == 0 && board.Stdout.Contains("\"running\"") && board.Stdout.Contains("\"val\": 0.5") ? board.Stdout : null;
        }
        var trial = Row(Running()!);
        Assert.Equal((5, 0.5), (trial.GetProperty("step").GetInt64(), trial.GetProperty("val").GetDouble()));

        var byState = await Cli.RunAsync(_dir.FullName, "status", "--json", "--state", ".cotosweep");
        var byJournal = await Cli.RunAsync(_dir.FullName, "status", "--json", "--journal", PathOf(".cotosweep/journal.db"));
        Assert.Equal("running", Row(byState.Stdout).GetProperty("state").GetString());
        Assert.Equal(1, Row(byState.Stdout).GetProperty("trials").GetProperty("running").GetInt32());
        Assert.Equal(byState.Stdout, byJournal.Stdout);

        var trialId = trial.GetProperty("trial").GetString()!;   // no seeds list: the seed is derived
        var logs = await Cli.RunAsync(_dir.FullName, "logs", "slow", trialId);
        Assert.True(logs.ExitCode == 0, logs.Stderr);
        Assert.Contains("hello from attempt 1", logs.Stdout);
        var noTrial = await Cli.RunAsync(_dir.FullName, "logs", "slow", "nope");
        Assert.Equal((2, $"sweep {Row(byState.Stdout).GetProperty("id").GetString()} has no trial 'nope'"), (noTrial.ExitCode, noTrial.Stderr.Trim()));

        File.WriteAllText(PathOf("go"), "");
        await run.Process.WaitForExitAsync();
        Assert.True(run.Process.ExitCode == 0, run.Output);
        Assert.DoesNotContain("CoordinatedShutdown", run.Output);
        await watch.Process.WaitForExitAsync();
        Assert.Equal(0, watch.Process.ExitCode);
        Assert.Contains("\"completed\"", await watch.Stdout);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    private static void AssertFits(string text, string what)
    {
        var widest = text.Split('\n').Max(l => l.Length);
        Assert.True(widest <= 160, $"{what}: a line of {widest} columns:\n{text}");
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
