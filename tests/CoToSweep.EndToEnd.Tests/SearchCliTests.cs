using System.Text.Json;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>The search side through the built CLI: the budget of a sweep file may grow and the same sweep goes on.</summary>
[Collection(nameof(CliProcesses))]
public sealed class SearchCliTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("e2e-search-");

    private static string Sweep(string budget) => $$"""
        name: grow
        trial: { kind: noop }
        objective: { metric: score, direction: maximize }
        search:
          algorithm: random
          {{budget}}
          space:
            x: { uniform: [0, 1] }
        """;

    private async Task<JsonElement> Status() =>
        JsonDocument.Parse((await Cli.RunAsync(_dir.FullName, "status", "--json")).Stdout).RootElement;

    [Fact]
    public async Task Raising_max_trials_continues_the_same_sweep_and_shrinking_it_is_refused()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "grow.yaml"), Sweep("max_trials: 4"));
        var first = await Cli.RunAsync(_dir.FullName, "run", "grow.yaml", "--no-live", "--workers", "2");
        Assert.Equal(0, first.ExitCode);
        var id = Assert.Single((await Status()).EnumerateArray()).GetProperty("id").GetString();

        File.WriteAllText(Path.Combine(_dir.FullName, "grow.yaml"), Sweep("max_trials: 7"));
        var validate = await Cli.RunAsync(_dir.FullName, "validate", "grow.yaml");
        Assert.EndsWith(", 7 trials", validate.Stdout.Trim());
        var second = await Cli.RunAsync(_dir.FullName, "run", "grow.yaml", "--no-live", "--workers", "2");
        Assert.Equal(0, second.ExitCode);
        var sweep = Assert.Single((await Status()).EnumerateArray());
        Assert.Equal(id, sweep.GetProperty("id").GetString());
        Assert.Equal((7, 7, "completed"), (sweep.GetProperty("trials").GetProperty("total").GetInt32(),
            sweep.GetProperty("trials").GetProperty("completed").GetInt32(), sweep.GetProperty("state").GetString()));

        File.WriteAllText(Path.Combine(_dir.FullName, "grow.yaml"), Sweep("max_trials: 5"));
        var journal = File.ReadAllBytes(Path.Combine(_dir.FullName, ".cotosweep", "journal.db"));
        var shrunk = await Cli.RunAsync(_dir.FullName, "run", "grow.yaml", "--no-live");
        Assert.Equal((2, $"grow.yaml: the budget may only grow: this sweep plans 7 trials, the file 5 (sweep {id}); to start another sweep, change its name"),
            (shrunk.ExitCode, shrunk.Stderr.Trim()));
        Assert.Equal(journal, File.ReadAllBytes(Path.Combine(_dir.FullName, ".cotosweep", "journal.db")));
    }

    private const string Tpe = """
        name: branin
        trial:
          kind: command
          command: [sh, score.sh, "{trial_id}", "{x1}", "{x2}"]
        objective: { metric: score, direction: minimize }
        search:
          algorithm: tpe
          seed: 3
          max_trials: 16
          tpe: { n_startup_trials: 5 }
          space:
            x1: { uniform: [-5, 10] }
            x2: { uniform: [0, 15] }
        """;

    /// <summary>Branin's value; trial t0009 waits for a gate file, so that a run can be killed while it runs.</summary>
    private const string Score = """
        echo started > "started-$1"
        case "$1" in t0009-*) while [ ! -f gate ]; do sleep 0.05; done;; esac
        awk -v a="$2" -v b="$3" 'BEGIN { pi = atan2(0, -1); v = (b - 5.1 / (4 * pi * pi) * a * a + 5 / pi * a - 6) ^ 2 + 10 * (1 - 1 / (8 * pi)) * cos(a) + 10; printf "cotosweep {\"score\": %.17g}\n", v }'
        """;

    private DirectoryInfo TpeDir(string name)
    {
        var dir = _dir.CreateSubdirectory(name);
        File.WriteAllText(Path.Combine(dir.FullName, "branin.yaml"), Tpe);
        File.WriteAllText(Path.Combine(dir.FullName, "score.sh"), Score);
        return dir;
    }

    /// <summary>Each trial's parameters (and, for t0009, its attempt: the killed run ran it twice).</summary>
    private static async Task<Dictionary<string, string>> Proposals(DirectoryInfo dir, bool attempts = false)
    {
        var id = JsonDocument.Parse((await Cli.RunAsync(dir.FullName, "status", "--json")).Stdout).RootElement[0].GetProperty("id").GetString()!;
        var board = await Cli.RunAsync(dir.FullName, "leaderboard", id, "--board", "trials", "--format", "json");
        return JsonDocument.Parse(board.Stdout).RootElement.EnumerateArray().ToDictionary(
            r => r.GetProperty("trial").GetString()!,
            r => $"{r.GetProperty("x1").GetDouble():R},{r.GetProperty("x2").GetDouble():R}" +
                 (attempts && r.GetProperty("trial").GetString()!.StartsWith("t0009") ? $" attempt {r.GetProperty("attempt").GetInt64()}" : ""));
    }

    [Fact]
    public async Task A_tpe_sweep_killed_with_kill_9_and_resumed_proposes_what_an_uninterrupted_one_proposes()
    {
        var straight = TpeDir("straight");
        File.WriteAllText(Path.Combine(straight.FullName, "gate"), "");
        var run = await Cli.RunAsync(straight.FullName, "run", "branin.yaml", "--workers", "1", "--no-live");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("up to 16 trials", (await Cli.RunAsync(straight.FullName, "validate", "branin.yaml")).Stdout);

        var killed = TpeDir("killed");
        using (var first = new Cli.Background(killed.FullName, "run", "branin.yaml", "--workers", "1", "--no-live"))
        {
            await Cli.Until(() => killed.EnumerateFiles("started-t0009-*").Any(), "trial t0009 to start");
            first.Process.Kill();   // SIGKILL
            await first.Process.WaitForExitAsync();
        }
        File.WriteAllText(Path.Combine(killed.FullName, "gate"), "");
        var resumed = await Cli.RunAsync(killed.FullName, "run", "branin.yaml", "--workers", "1", "--no-live");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);

        var expected = await Proposals(straight);
        Assert.Equal(16, expected.Count);
        Assert.Equal(expected.OrderBy(p => p.Key), (await Proposals(killed)).OrderBy(p => p.Key));
        Assert.EndsWith("attempt 2", (await Proposals(killed, attempts: true)).Single(p => p.Key.StartsWith("t0009")).Value);
    }

    internal const string Stopping = """
        name: stopping
        trial:
          kind: command
          command: [sh, trial.sh, "{x}"]
        objective: { metric: score, direction: maximize }
        search:
          seeds: [0]
          space:
            x: [1, 2]
        early_stopping: { rule: asha, grace_steps: 1, reduction: 2, max_steps: 10 }
        """;

    /// <summary>x=2 (once let go) reports 0.1 at step 1, x=3 0.95, any other x 0.9; each then waits for a file to report again and end.</summary>
    internal const string Trial = """
        echo $$ > "pid-$1"
        if [ "$1" = 2 ]; then while [ ! -f go-2 ]; do sleep 0.05; done; fi
        case "$1" in 2) v=0.1 ;; 3) v=0.95 ;; *) v=0.9 ;; esac
        echo "cotosweep {\"step\": 1, \"score\": $v}"
        while [ ! -f "done-$1" ]; do sleep 0.05; done
        echo "cotosweep {\"step\": 5, \"score\": $v}"
        """;

    private string At(string name) => Path.Combine(_dir.FullName, name);

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
    }

    private async Task<JsonElement> Row(string trial)
    {
        var id = (await Status())[0].GetProperty("id").GetString()!;
        var board = await Cli.RunAsync(_dir.FullName, "leaderboard", id, "--board", "trials", "--format", "json");
        return JsonDocument.Parse(board.Stdout).RootElement.EnumerateArray().Single(r => r.GetProperty("trial").GetString() == trial);
    }

    [Fact]
    public async Task An_early_stopped_command_trial_has_its_processes_killed_within_2_s_and_keeps_its_last_values()
    {
        File.WriteAllText(At("stopping.yaml"), Stopping);
        File.WriteAllText(At("trial.sh"), Trial);
        using var run = new Cli.Background(_dir.FullName, "run", "stopping.yaml", "--workers", "2", "--no-live");
        await Cli.Until(() => File.Exists(At("pid-1")) && File.Exists(At("pid-2")), "both trials to start");
        var pid = int.Parse(File.ReadAllText(At("pid-2")).Trim());
        // x=2 reports only once x=1's report is journaled, so that ASHA compares it with x=1's.
        await Until(async () => (await Row("t0000-s0")).GetProperty("step").ValueKind == JsonValueKind.Number, "x=1's report to be journaled");
        File.WriteAllText(At("go-2"), "");
        await Until(async () => (await Status())[0].GetProperty("trials").GetProperty("stopped").GetInt32() == 1, "x=2 to be stopped");
        var stoppedAt = System.Diagnostics.Stopwatch.StartNew();
        await Cli.Until(() => !Directory.Exists($"/proc/{pid}"), "the stopped trial's process to die", 2);
        var gone = stoppedAt.Elapsed;
        output.WriteLine($"the stopped trial's process was gone {gone.TotalMilliseconds:F0} ms after status showed it stopped");

        File.WriteAllText(At("done-1"), "");
        await run.Process.WaitForExitAsync();
        Assert.True(run.Process.ExitCode == 0, await run.Stderr);
        var stopped = await Row("t0001-s0");
        Assert.Equal(("stopped", 0.1), (stopped.GetProperty("status").GetString(), stopped.GetProperty("score").GetDouble()));
        Assert.StartsWith("early stopping (asha)", stopped.GetProperty("reason").GetString());
        var counts = (await Status())[0].GetProperty("trials");
        Assert.Equal((1, 1), (counts.GetProperty("completed").GetInt32(), counts.GetProperty("stopped").GetInt32()));
        Assert.True(gone < TimeSpan.FromSeconds(2), $"process alive {gone} after the stop");
    }

    [Fact]
    public async Task Bench_search_prints_each_method_against_random_and_refuses_an_unknown_problem()
    {
        // --no-optuna: the tests never need Python (the Optuna side runs only in the bench itself).
        var r = await Cli.RunAsync(_dir.FullName, "bench", "search", "--seeds", "2", "--max-trials", "60", "--problems", "branin", "--no-optuna");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["random", "random+asha", "tpe", "tpe+asha"], lines.Where(l => l.StartsWith("branin")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
        Assert.EndsWith("1.00", lines.Single(l => l.StartsWith("branin") && l.Contains(" random ")).Trim());
        Assert.Contains(lines, l => l.StartsWith("tpe proposals per second at 1000 finished trials"));
        Assert.Contains("optuna: not run (--no-optuna)", lines);
        var bad = await Cli.RunAsync(_dir.FullName, "bench", "search", "--problems", "rosenbrock");
        Assert.Equal((2, "--problems: no problem 'rosenbrock' (there are branin, optimiser, quadratic5, coto)"), (bad.ExitCode, bad.Stderr.Trim()));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
