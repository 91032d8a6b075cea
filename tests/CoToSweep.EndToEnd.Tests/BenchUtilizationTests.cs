using System.Text.RegularExpressions;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// <c>bench utilization</c> on a small run: the overhead line, and where the time went (per trial, and the trials each
/// slot ran, which add up to the sweep).
/// </summary>
[Collection(nameof(CliProcesses))]
public sealed class BenchUtilizationTests
{
    [Fact]
    public async Task A_small_run_prints_its_overhead_and_where_the_slots_time_went()
    {
        var r = await Cli.RunAsync(Path.GetTempPath(), TimeSpan.FromMinutes(2), "bench", "utilization", "--trials", "60", "--sleep-ms", "5", "--workers", "4");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Matches(@"overhead -?[\d.]+% \(first start to last completion [\d.]+ s\)", r.Stdout);
        var slots = Regex.Match(r.Stdout, @"per trial beyond its 5 ms: ([\d.]+) ms from lease to result .*, ([\d.]+) ms from result to the slot's next lease; trials per slot (\d+)–(\d+) \(ideal 15");
        Assert.True(slots.Success, r.Stdout);
        int fewest = int.Parse(slots.Groups[3].Value), most = int.Parse(slots.Groups[4].Value);
        // Four slots ran all 60: neither bound can be off the even share by more than the other three slots' shares allow.
        Assert.InRange(fewest, 0, 15);
        Assert.InRange(most, 15, 60);
        Assert.True(fewest + 3 * most >= 60 && most + 3 * fewest <= 60, r.Stdout);
    }
}
