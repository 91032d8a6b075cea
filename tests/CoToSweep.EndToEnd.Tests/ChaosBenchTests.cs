using System.Text.RegularExpressions;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// The chaos soak for about a minute: random nodes of a loopback cluster (the coordinator included) are killed with
/// SIGKILL and restarted during a command sweep, and the sweep still ends with every trial completed exactly once.
/// </summary>
[Collection(nameof(ClusterFaultProcesses))]
public sealed class ChaosBenchTests
{
    [Fact]
    public async Task Killing_nodes_for_a_minute_loses_duplicates_and_reruns_nothing()
    {
        var run = await Cli.RunAsync(Path.GetTempPath(), TimeSpan.FromMinutes(8), "bench", "chaos", "--minutes", "1", "--seed", "7");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("lost 0, duplicated 0, finished re-run 0", run.Stdout);
        var kills = Regex.Match(run.Stdout, @"kills: (\d+) of a worker, (\d+) of the coordinator");
        Assert.True(kills.Success, run.Stdout);
        Assert.True(int.Parse(kills.Groups[1].Value) + int.Parse(kills.Groups[2].Value) >= 5, run.Stdout);
        Assert.Matches(@"sweep completed in [\d.]+ s: (\d+) of \1 trials completed", run.Stdout);
    }
}
