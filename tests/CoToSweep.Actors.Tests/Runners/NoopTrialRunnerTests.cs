using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Runners;

public class NoopTrialRunnerTests
{
    private static readonly NoopTrialRunner Runner = new();

    private static TrialAssignment Noop(string trialId = "t0003-s1", long seed = 1, IReadOnlyDictionary<string, ParamValue>? p = null,
        string objective = "score") =>
        new("s-1", trialId, 1, seed, p ?? new Dictionary<string, ParamValue> { ["lr"] = ParamValue.Of(0.01) },
            new TrialSpec("noop", [], null, new Dictionary<string, string>(), new Dictionary<string, ParamValue>()),
            new ObjectiveSpec(objective, Direction.Maximize, MetricUse.Last), null, "/nonexistent", null);

    [Fact]
    public async Task Score_is_deterministic_and_in_unit_interval()
    {
        var a = await Runner.RunAsync(Noop(), new RecordingProgress(), CancellationToken.None);
        var b = await Runner.RunAsync(Noop(), new RecordingProgress(), CancellationToken.None);
        Assert.True(a.Succeeded);
        Assert.Equal(a.Metrics["score"], b.Metrics["score"]);
        Assert.Equal(1, a.Metrics["step"]);
        Assert.Equal(a.Metrics["score"], a.Objective);
        Assert.InRange(a.Metrics["score"], 0, 1 - 1e-12);
        Assert.Equal("noop", Runner.Kind);
    }

    [Fact]
    public void Score_depends_on_trial_seed_and_params()
    {
        var scores = new[]
        {
            NoopTrialRunner.Score(Noop()),
            NoopTrialRunner.Score(Noop(trialId: "t0004-s1")),
            NoopTrialRunner.Score(Noop(seed: 2)),
            NoopTrialRunner.Score(Noop(p: new Dictionary<string, ParamValue> { ["lr"] = ParamValue.Of(0.02) })),
        };
        Assert.Equal(scores.Length, scores.Distinct().Count());
        var spread = Enumerable.Range(0, 1000).Select(i => NoopTrialRunner.Score(Noop(trialId: $"t{i:D4}-s0"))).Average();
        Assert.InRange(spread, 0.4, 0.6);
    }

    [Fact]
    public async Task Score_param_fail_param_and_other_objective()
    {
        var given = await Runner.RunAsync(Noop(p: new Dictionary<string, ParamValue> { ["score"] = ParamValue.Of(0.25) }),
            new RecordingProgress(), CancellationToken.None);
        Assert.Equal(0.25, given.Metrics["score"]);
        Assert.Equal(0.25, given.Objective);

        var failed = await Runner.RunAsync(Noop(p: new Dictionary<string, ParamValue> { ["fail"] = ParamValue.Of(true) }),
            new RecordingProgress(), CancellationToken.None);
        Assert.False(failed.Succeeded);
        Assert.True(failed.TrialFault);
        Assert.Equal("noop asked to fail", failed.FailureReason);

        var other = await Runner.RunAsync(Noop(objective: "val_acc"), new RecordingProgress(), CancellationToken.None);
        Assert.Null(other.Objective);
    }

    [Fact]
    public async Task Sleep_is_cancellable()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var sleeping = Runner.RunAsync(Noop(p: new Dictionary<string, ParamValue> { ["sleep_ms"] = ParamValue.Of(10_000L) }),
            new RecordingProgress(), cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sleeping);

        var slept = await Runner.RunAsync(Noop(p: new Dictionary<string, ParamValue> { ["sleep_ms"] = ParamValue.Of(20L) }),
            new RecordingProgress(), CancellationToken.None);
        Assert.True(slept.Succeeded);
    }

    [Fact]
    public void Is_cheap_and_synchronous_without_sleep()
    {
        var a = Noop();
        for (var i = 0; i < 10_000; i++)
            Assert.True(Runner.RunAsync(a, null!, CancellationToken.None).IsCompletedSuccessfully);
    }
}
