using System.Text.Json.Nodes;
using CliProcess = CoToSweep.EndToEnd.Tests.Cli;

namespace CoToSweep.Web.Tests;

/// <summary><c>cotosweep pause</c> on a state dir nobody holds, and <c>cotosweep resume</c> of the paused sweep (no HTTP involved).</summary>
public sealed class PauseVerbTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cotosweep-web-");

    private const string Sweep = """
        name: verbs
        trial: { kind: noop, sleep_ms: 600000 }
        objective: { metric: score, direction: maximize }
        search: { algorithm: random, max_trials: 3, space: { x: { uniform: [0, 1] } } }
        """;

    public void Dispose() => _dir.Delete(recursive: true);

    private async Task<JsonNode> Status() =>
        JsonNode.Parse((await CliProcess.RunAsync(_dir.FullName, "status", "--json")).Stdout)![0]!;

    [Fact]
    public async Task Pause_journals_from_the_cli_and_resume_unpauses_and_runs_it()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "verbs.yaml"), Sweep);
        using (var run = new CliProcess.Background(_dir.FullName, "run", "verbs.yaml", "--no-live", "--workers", "1"))
        {
            await CliProcess.Until(() => run.Output.Contains("submitted"), "the run to start", 90);
            // While a run holds the state dir, the verb points at its HTTP API instead.
            var held = await CliProcess.RunAsync(_dir.FullName, "pause", "verbs");
            Assert.Equal(2, held.ExitCode);
            Assert.Contains("HTTP API", held.Stderr);
            run.Process.Kill(entireProcessTree: true);
            await run.Process.WaitForExitAsync();
        }
        var id = (await Status())["id"]!.GetValue<string>();
        var pause = await CliProcess.RunAsync(_dir.FullName, "pause", "verbs");
        Assert.True(pause.ExitCode == 0, pause.Stderr);
        Assert.StartsWith($"sweep {id} paused", pause.Stdout);
        var paused = await Status();
        Assert.Equal(("interrupted", true), (paused["state"]!.GetValue<string>(), paused["paused"]!.GetValue<bool>()));
        var again = await CliProcess.RunAsync(_dir.FullName, "pause", id);
        Assert.Equal((2, $"sweep {id} is already paused"), (again.ExitCode, again.Stderr.Trim()));

        using var resumed = new CliProcess.Background(_dir.FullName, "resume", id, "--no-live", "--workers", "1");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonNode now;
        while ((now = await Status())["state"]!.GetValue<string>() != "running" || now["trials"]!["running"]!.GetValue<int>() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the resumed sweep did not run a trial: {now.ToJsonString()}\n{resumed.Output}");
            await Task.Delay(100);
        }
        Assert.False(now["paused"]!.GetValue<bool>());
    }
}
