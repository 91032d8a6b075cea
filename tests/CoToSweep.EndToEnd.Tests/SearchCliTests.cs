using System.Text.Json;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>The search side through the built CLI: the budget of a sweep file may grow and the same sweep goes on.</summary>
[Collection(nameof(CliProcesses))]
public sealed class SearchCliTests : IDisposable
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

    public void Dispose() => _dir.Delete(recursive: true);
}
