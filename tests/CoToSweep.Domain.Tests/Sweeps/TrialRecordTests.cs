using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Tests.Sweeps;

/// <summary>A trial record keeps its repeated parts shared (a million of them fill a coordinator) and gives back exactly what it was given.</summary>
public sealed class TrialRecordTests
{
    private static TrialRecord With(string id, string? dir) =>
        TrialRecord.Planned(new PlannedTrial(id, 0, 0, new Dictionary<string, ParamValue> { ["x"] = ParamValue.Of(0.5) }), 0) with { ArtifactDir = dir };

    [Theory]
    [InlineData("/state/artifacts/s-1/t0001-s0/attempt-1")]
    [InlineData("t0001-s0/attempt-12")]
    [InlineData("/state/artifacts/s-1/t0001-s0/attempt-01")]
    [InlineData("/state/artifacts/s-1/other/attempt-1")]
    [InlineData("/state/artifacts//t0001-s0/attempt-1")]
    [InlineData("/state/artifacts/s-1/t0001-s0/attempt-1/")]
    [InlineData("/state/artifacts/s-1/t0001-s0/attempt-")]
    [InlineData("/t0001-s0/attempt-3")]
    [InlineData(null)]
    public void The_artifact_directory_reads_back_as_given(string? dir)
    {
        var t = With("t0001-s0", dir);
        Assert.Equal(dir, t.ArtifactDir);
    }

    public static TheoryData<DateTimeOffset?> Times => new()
    {
        null,
        new DateTimeOffset(2026, 12, 7, 15, 4, 5, 678, TimeSpan.FromHours(5.75)).AddTicks(9),
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14)),
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)),
        new DateTimeOffset(2026, 6, 30, 23, 59, 59, TimeSpan.FromMinutes(-150)),
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
        DateTimeOffset.UnixEpoch,
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void Times_read_back_exactly_offset_included(DateTimeOffset? time)
    {
        var t = With("t0001-s0", null) with { StartedAt = time, FinishedAt = time };
        Assert.Equal(time?.Ticks, t.StartedAt?.Ticks);
        Assert.Equal(time?.Offset, t.StartedAt?.Offset);
        Assert.Equal(time?.Ticks, t.FinishedAt?.Ticks);
        Assert.Equal(time?.Offset, t.FinishedAt?.Offset);
        var made = new TrialRecord("t0001-s0", 0, 0, 0, t.Params, TrialStatus.Running, 1, 0, null, t.Metrics, null, [], null, time, null, null);
        Assert.Equal(time?.Offset, made.StartedAt?.Offset);
        Assert.Equal(time?.Ticks, made.StartedAt?.Ticks);
        Assert.Null(made.FinishedAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(double.NaN)]
    [InlineData(0.0)]
    [InlineData(-0.0)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.Epsilon)]
    [InlineData(0.8123)]
    public void The_objective_reads_back_exactly(double? objective)
    {
        var t = With("t0001-s0", null) with { Objective = objective };
        Assert.Equal(objective.HasValue, t.Objective.HasValue);
        if (objective is { } v) Assert.Equal(BitConverter.DoubleToInt64Bits(v), BitConverter.DoubleToInt64Bits(t.Objective!.Value));
        var made = new TrialRecord("t0001-s0", 0, 0, 0, t.Params, TrialStatus.Completed, 1, 0, null, t.Metrics, objective, [], null, null, null, null);
        Assert.Equal(objective.HasValue, made.Objective.HasValue);
        if (objective is { } w) Assert.Equal(BitConverter.DoubleToInt64Bits(w), BitConverter.DoubleToInt64Bits(made.Objective!.Value));
        Assert.Equal(t with { }, t);
    }

    [Fact]
    public void Another_attempt_s_directory_is_its_sibling()
    {
        Assert.Equal("/a/t0001-s0/attempt-1", With("t0001-s0", "/a/t0001-s0/attempt-3").InAttemptDir(1).ArtifactDir);
        Assert.Equal("/a/custom/attempt-1", With("t0001-s0", "/a/custom/attempt-3").InAttemptDir(1).ArtifactDir);
        Assert.Null(With("t0001-s0", null).InAttemptDir(2).ArtifactDir);
    }

    [Fact]
    public void A_configuration_s_seeds_share_one_parameter_map_and_trials_share_metric_names()
    {
        var d = SpecReader.Parse("""
            name: shared
            trial: { kind: noop }
            objective: { metric: score, direction: maximize }
            search: { algorithm: random, max_trials: 4, seeds: [0, 1], space: { x: { uniform: [0, 1] } } }
            """);
        var driver = new SweepDriver(d, DateTimeOffset.UnixEpoch);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var started = (SweepEvents.TrialStarted)driver.Do(new SweepCommands.LeaseTrial(new string("w1".AsSpan()), "/art", driver.Now, 0)).Single();
            driver.Do(new SweepCommands.CompleteTrial(started.TrialId, 1, new Dictionary<string, double> { [new string("score".AsSpan())] = 0.5 }, 0.5, driver.Now));
        }
        var trials = driver.State.TrialsInOrder.ToList();
        Assert.Same(trials[0].Params, trials[1].Params);
        Assert.NotSame(trials[0].Params, trials[2].Params);
        Assert.Same(trials[0].Metrics.Keys.Single(), trials[1].Metrics.Keys.Single());
        Assert.Same(trials[0].Worker, trials[1].Worker);
        Assert.Equal(Path.Combine("/art", d.Id, trials[1].Id, "attempt-1"), trials[1].ArtifactDir);
    }
}
