using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Tests.Boards;

/// <summary>
/// Builds a <see cref="SweepState"/> the way the coordinator does (commands processed, their events applied),
/// with a clock that moves 10 s per step, so wall times are known.
/// </summary>
internal sealed class SweepBuilder
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private SweepBuilder(SweepState state) => State = state;

    public SweepState State { get; private set; }

    public static SweepBuilder FromYaml(string yaml)
    {
        var definition = SpecReader.Parse(yaml);
        Assert.True(definition.IsValid, string.Join("\n", definition.Problems));
        var b = new SweepBuilder(SweepState.Empty(definition.Id));
        b.Do(new SubmitSweep(definition, b.Tick()));
        return b;
    }

    /// <summary>A grid over <c>lr</c> × <c>schedule.shape</c> with the given seeds (configuration-major ids).</summary>
    public static SweepBuilder Grid(string direction = "maximize", string seeds = "[0, 1, 2]", string use = "last",
        string lr = "[0.1, 0.01]", string shape = "[linear, cosine]") => FromYaml($$"""
        name: boards-test
        trial:
          kind: command
          command: [sh, -c, "true"]
          steps: 100
          schedule: { shape: linear, p_start: 0.0 }
        objective: { metric: val_acc, direction: {{direction}}, use: {{use}} }
        search:
          algorithm: grid
          seeds: {{seeds}}
          space:
            lr: {{lr}}
            schedule.shape: {{shape}}
        """);

    public IReadOnlyList<string> Ids => State.Order;

    public SweepBuilder Start(string trialId)
    {
        var t = State.Trials[trialId];
        if (t.Status != TrialStatus.Running)
            State = State.Apply(new TrialStarted(trialId, t.Attempt + 1, "worker-1", $"/artifacts/{trialId}", Tick()));
        return this;
    }

    /// <summary>Completes a trial; its metrics are the objective (under its metric's name) plus any given.</summary>
    public SweepBuilder Complete(string trialId, double? objective, params (string Name, double Value)[] metrics)
    {
        Start(trialId);
        var values = metrics.ToDictionary(m => m.Name, m => m.Value);
        if (objective is { } o) values.TryAdd(State.Spec!.Objective.Metric, o);
        Do(new CompleteTrial(trialId, State.Trials[trialId].Attempt, values, objective, Tick()));
        Assert.Equal(TrialStatus.Completed, State.Trials[trialId].Status);
        return this;
    }

    /// <summary>Fails a trial for good (the test sweeps have no retries).</summary>
    public SweepBuilder Fail(string trialId, string reason)
    {
        Start(trialId);
        Do(new FailTrial(trialId, State.Trials[trialId].Attempt, reason, true, Tick()));
        Assert.Equal(TrialStatus.Failed, State.Trials[trialId].Status);
        return this;
    }

    private DateTimeOffset Tick() => _now = _now.AddSeconds(10);

    private void Do(ISweepCommand command)
    {
        foreach (var e in State.Process(command)) State = State.Apply(e);
    }
}
