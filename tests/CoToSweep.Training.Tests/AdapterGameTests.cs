using CoToSweep.Training.Coto;
using CoToSweep.Training.Evaluation;

namespace CoToSweep.Training.Tests;

public class AdapterGameTests
{
    /// <summary>One tiny adapter for all tests, trained a few steps so that masks change the metrics.</summary>
    private static readonly Lazy<string> Adapter = new(() =>
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cotosweep-game").FullName, "adapter.safetensors");
        using var run = CotoRun.Create(Tiny.Config(steps: 6), Tiny.Env);
        var all = Enumerable.Repeat(true, run.Groups.Count).ToArray();
        for (var s = 0; s < 6; s++) run.Step(s, all);
        run.SaveAdapter(path);
        return path;
    });

    private static AdapterSession Open() => AdapterSession.Open(Adapter.Value, Tiny.Env, granularity: "module");

    [Fact]
    public void Grand_and_empty_coalitions_are_all_groups_on_and_all_off()
    {
        using var session = Open();
        var game = new AdapterGame(session);
        Assert.Equal(session.Evaluate(null).Accuracy, game.Value((1UL << game.Players) - 1));
        Assert.Equal(session.Evaluate(new bool[game.Players]).Accuracy, game.Value(0));
        Assert.NotEqual(session.Evaluate(null), session.Evaluate(new bool[game.Players]));
    }

    [Fact]
    public void Players_are_the_session_groups_in_mask_order()
    {
        using var session = Open();
        var game = new AdapterGame(session);
        Assert.Equal(session.GroupNames.Count, game.Players);
        Assert.Equal(12, game.Players); // 3 blocks × q, k, v, o
        Assert.Equal(session.GroupNames, game.Groups);
    }

    [Fact]
    public void Loss_metric_on_another_split_follows_the_bits()
    {
        using var session = Open();
        var game = new AdapterGame(session, "loss", "test");
        var mask = Enumerable.Range(0, game.Players).Select(i => i is 0 or 2 or 7).ToArray();
        Assert.Equal(session.Evaluate(mask, "test").Loss, game.Value(0b1000_0101));
    }

    [Fact]
    public void Unknown_metric_is_refused()
    {
        using var session = Open();
        var e = Assert.Throws<ArgumentException>(() => new AdapterGame(session, "f1"));
        Assert.Contains("acc or loss", e.Message);
    }
}
