using System.Text.Json;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// The acknowledged-work contract, end to end: a real `run` is killed with kill -9 while one trial is completed and
/// another is running (trials wait on files the test controls), then the same file is run again.
/// </summary>
[Collection(nameof(CliProcesses))]
public sealed class KillResumeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("e2e-kill-");

    private const string Sweep = """
        name: gated
        trial:
          kind: command
          # each start is counted; the trial waits for its gate file, then reports its metric
          command: [sh, -c, "echo {attempt} >> runs-{x}; while [ ! -f gate-{x} ]; do sleep 0.05; done; echo \"cotosweep {\\\"step\\\": 1, \\\"val\\\": {x}}\""]
        objective: { metric: val, direction: maximize }
        search:
          space:
            x: [1, 2, 3]
        """;

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private int Lines(string name) => File.Exists(PathOf(name)) ? File.ReadAllLines(PathOf(name)).Length : 0;

    [Fact]
    public async Task Kill9_then_run_again_completes_every_trial_exactly_once()
    {
        File.WriteAllText(PathOf("gated.yaml"), Sweep);
        using (var first = new Cli.Background(_dir.FullName, "run", "gated.yaml", "--workers", "2", "--no-live"))
        {
            await Cli.Until(() => Lines("runs-1") == 1 && Lines("runs-2") == 1, "trials x=1 and x=2 to start");
            File.WriteAllText(PathOf("gate-1"), "");
            await Cli.Until(() => Status().Trials.Completed == 1, "x=1 to complete");
            await Cli.Until(() => Lines("runs-3") == 1, "x=3 to take the freed slot");

            var second = await Cli.RunAsync(_dir.FullName, "run", "gated.yaml", "--no-live");
            Assert.Equal(2, second.ExitCode);
            Assert.Contains("already running", second.Stderr);
            Assert.Equal("running", Status().State);

            first.Process.Kill();   // SIGKILL: no shutdown hook runs
            await first.Process.WaitForExitAsync();
            Assert.Equal(137, first.Process.ExitCode);
        }
        await Cli.Until(() => !TrialProcessesAlive(), "the killed run's trial processes to die", 10);
        Assert.Equal("interrupted", Status().State);

        foreach (var x in new[] { 2, 3 }) File.WriteAllText(PathOf($"gate-{x}"), "");
        var resumed = await Cli.RunAsync(_dir.FullName, "run", "gated.yaml", "--workers", "2", "--no-live");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);

        Assert.Equal(1, Lines("runs-1"));                  // the completed trial did not run again
        Assert.Equal(["1", "2"], File.ReadAllLines(PathOf("runs-2")));   // the running one ran again as attempt 2
        var rows = Board("json");
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, rows.Select(r => r.GetProperty("trial").GetString()).Distinct().Count());
        Assert.All(rows, r => Assert.Equal("completed", r.GetProperty("status").GetString()));
        var byX = rows.ToDictionary(r => r.GetProperty("x").GetInt64());
        Assert.Equal(1, byX[1].GetProperty("attempt").GetInt64());
        Assert.Equal(2, byX[2].GetProperty("attempt").GetInt64());
        Assert.Equal(3.0, byX[3].GetProperty("val").GetDouble());
        Assert.Equal(1, byX[3].GetProperty("rank").GetInt64());
        var summary = Status();
        Assert.Equal(("completed", 3, 0), (summary.State, summary.Trials.Completed, summary.Trials.Running));
    }

    /// <summary>Trial processes run in the sweep file's directory; after the kill none may be left there.</summary>
    private bool TrialProcessesAlive() =>
        Directory.EnumerateDirectories("/proc").Where(p => int.TryParse(Path.GetFileName(p), out _)).Any(p =>
        {
            try { return new DirectoryInfo(Path.Combine(p, "cwd")).ResolveLinkTarget(false)?.FullName == _dir.FullName; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        });

    private StatusRow Status()
    {
        var result = Cli.RunAsync(_dir.FullName, "status", "--json").GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, result.Stderr);
        return Assert.Single(JsonSerializer.Deserialize<List<StatusRow>>(result.Stdout, Json)!);
    }

    private List<JsonElement> Board(string format)
    {
        var result = Cli.RunAsync(_dir.FullName, "leaderboard", "gated", "--format", format).GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonSerializer.Deserialize<List<JsonElement>>(result.Stdout)!;
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public sealed record Counts(int Total, int Pending, int Running, int Completed, int Failed, int Stopped);

    public sealed record StatusRow(string Id, string Name, string State, Counts Trials, JsonElement? Best, DateTimeOffset? Updated);

    public void Dispose() => _dir.Delete(recursive: true);
}
