namespace CoToSweep.EndToEnd.Tests;

/// <summary>The adapter game of <c>bench shapley</c> enumerates its truth on the model, so it takes only 12 players:
/// other sizes are refused at once, before any training.</summary>
[Collection(nameof(SweepProcesses))]
public sealed class BenchShapleyAdapterTests
{
    [Fact]
    public async Task Adapter_game_at_another_size_is_one_clear_error()
    {
        var r = await Cli.RunAsync(Path.GetTempPath(), TimeSpan.FromSeconds(20), "bench", "shapley", "--games", "adapter", "--players", "5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--games adapter takes only --players 12", r.Stderr);
    }
}
