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

    public void Dispose() => _dir.Delete(recursive: true);
}
