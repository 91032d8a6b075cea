using System.Text.Json;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// <c>submit</c> of an edited file to a coordinator process: a bigger <c>max_trials</c> continues the same sweep (its id,
/// its finished trials, a journaled budget change), a smaller one and a cancelled sweep are refused in one line (exit 2).
/// </summary>
[Collection(nameof(SweepProcesses))]
public sealed class ClusterBudgetTests() : ClusterProcessTest("e2e-budget-")
{
    private static string Sweep(int maxTrials) => $$$"""
        name: grow-cluster
        trial:
          kind: command
          command: [sh, -c, "echo {trial_id} >> starts; echo 'cotosweep {\"val\": {x}}'"]
        objective: { metric: val, direction: maximize }
        search:
          algorithm: random
          max_trials: {{{maxTrials}}}
          space:
            x: { uniform: [0, 1] }
        """;

    private async Task<JsonElement> Status()
    {
        var r = await Cli.RunAsync(Dir.FullName, "status", "--json", "--state", PathOf("coord"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        return Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(r.Stdout)!);
    }

    private async Task<Cli.Result> Submit(int maxTrials, string port)
    {
        File.WriteAllText(PathOf("sweep.yaml"), Sweep(maxTrials));
        return await Cli.RunAsync(Dir.FullName, "submit", "sweep.yaml", "--coordinator", $"127.0.0.1:{port}");
    }

    private async Task Completed(int trials) => await Explained(Cli.Until(() =>
    {
        var s = Status().GetAwaiter().GetResult();
        return s.GetProperty("state").GetString() == "completed" && s.GetProperty("trials").GetProperty("completed").GetInt32() == trials;
    }, $"{trials} trials to complete", 60));

    [Fact]
    public async Task Submit_of_a_bigger_budget_continues_the_sweep_and_a_smaller_budget_or_a_cancelled_sweep_is_refused()
    {
        var port = ClusterTests.FreePort().ToString();
        var coordinator = Start("coordinator", "--host", "127.0.0.1", "--port", port, "--state", PathOf("coord"));
        await Explained(Cli.Until(() => coordinator.Output.Contains("Coordinator node listening"), "the coordinator to start"));
        Start("worker", "--join", $"127.0.0.1:{port}", "--host", "127.0.0.1", "--cpu-slots", "2", "--state", PathOf("w"), "--artifacts", PathOf("artifacts"));

        var first = await Submit(2, port);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var id = first.Stdout.Trim();
        await Completed(2);

        var grown = await Submit(4, port);
        Assert.True(grown.ExitCode == 0, grown.Stderr);
        Assert.Equal(id + "\n", grown.Stdout);   // the same sweep, not a new one
        Assert.Equal($"sweep.yaml: continues sweep {id} with its budget (4 trials)\n", grown.Stderr);
        await Completed(4);
        var status = await Status();   // still one sweep on the coordinator
        Assert.Equal(id, status.GetProperty("id").GetString());
        Assert.Equal(4, File.ReadAllLines(PathOf("starts")).Distinct().Count());   // the first two did not run again

        var shrunk = await Submit(3, port);
        Assert.Equal(2, shrunk.ExitCode);
        Assert.Equal($"sweep.yaml: the budget may only grow: this sweep plans 4 trials, the file 3 (sweep {id})\n", shrunk.Stderr);

        // A cancelled sweep takes nothing more: the same file again is refused, not silently accepted.
        File.WriteAllText(PathOf("gated.yaml"), GatedSweep("cancel-grow"));
        var gated = await Cli.RunAsync(Dir.FullName, "submit", "gated.yaml", "--coordinator", $"127.0.0.1:{port}");
        Assert.True(gated.ExitCode == 0, gated.Stderr);
        var cancelled = await Cli.RunAsync(Dir.FullName, "cancel", gated.Stdout.Trim(), "--coordinator", $"127.0.0.1:{port}");
        Assert.True(cancelled.ExitCode == 0, cancelled.Stderr);
        var again = await Cli.RunAsync(Dir.FullName, "submit", "gated.yaml", "--coordinator", $"127.0.0.1:{port}");
        Assert.Equal((2, ""), (again.ExitCode, again.Stdout));
        Assert.Equal($"gated.yaml: sweep {gated.Stdout.Trim()} was cancelled and takes no more trials; to run the file again, change its name\n", again.Stderr);
    }
}
