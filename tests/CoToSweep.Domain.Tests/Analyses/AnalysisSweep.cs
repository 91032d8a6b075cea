using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Shapley;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Tests.Analyses;

/// <summary>
/// A coto sweep with <c>analysis.shapley</c> driven the way the coordinator drives it (process, apply, journal), with
/// slots simulated by the test: each leased unit's coalitions are valued by a known game.
/// </summary>
internal sealed class AnalysisSweep
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public SweepState State;
    public readonly List<ISweepEvent> Journal = [];
    private int _tick;

    public AnalysisSweep(string shapley, string search = "seeds: [0]", string trial = "")
    {
        var text = "name: shap\ntrial:\n  kind: coto\n  steps: 10\n" + trial +
                   "objective: { metric: val_acc, direction: maximize }\nsearch:\n" +
                   string.Join("\n", search.Split('\n').Select(l => "  " + l)) + "\nanalysis:\n  shapley: " + shapley + "\n";
        var d = SpecReader.Parse(text);
        Assert.True(d.IsValid, string.Join("\n", d.Problems.Select(p => p.Format("sweep.yaml"))));
        State = SweepState.Empty(d.Id);
        Do(new SubmitSweep(d, T0));
    }

    public DateTimeOffset Now => T0.AddSeconds(++_tick);

    public ShapleyAnalysisSpec Spec => State.Spec!.Analysis!.Shapley!;

    public IReadOnlyList<ISweepEvent> Do(ISweepCommand c)
    {
        var events = State.Process(c);
        foreach (var e in events) State = State.Apply(e);
        Journal.AddRange(events);
        return events;
    }

    public ISweepEvent? Lease(string worker = "w1") => Do(new LeaseTrial(worker, "/artifacts", Now)).SingleOrDefault();

    /// <summary>Trains every trial (objective = the given score per trial order) without leasing any analysis unit.</summary>
    public void TrainAll(Func<int, double>? score = null)
    {
        while (State.Queue.Count > 0)
        {
            var started = (TrialStarted)Do(new LeaseTrial("trainer", "/artifacts", Now)).Single(e => e is TrialStarted);
            var v = score?.Invoke(State.Trials[started.TrialId].Order) ?? 0.5;
            Do(new CompleteTrial(started.TrialId, started.Attempt, new Dictionary<string, double> { ["val_acc"] = v }, v, Now));
        }
    }

    public IReadOnlyList<ISweepEvent> Complete(AnalysisUnitStarted u, ICoalitionGame game) =>
        Do(new CompleteAnalysisUnit(u.AnalysisId, u.Unit, u.Attempt, u.Probes, u.Probes.Select(c => ProbeResult.Of(Measure, game.Value(c))).ToArray(), Now));

    /// <summary>
    /// Slots lease whatever comes (trials are completed with a score of 0.5 at once) and the leased units are
    /// completed in a random order, until nothing is leasable.
    /// </summary>
    public void RunAnalyses(ICoalitionGame game, Random order, int slots = 3)
    {
        var running = new List<AnalysisUnitStarted>();
        while (true)
        {
            while (running.Count < slots && Lease($"w{running.Count}") is { } e)
                if (e is AnalysisUnitStarted u) running.Add(u);
                else if (e is TrialStarted t)
                    Do(new CompleteTrial(t.TrialId, t.Attempt, new Dictionary<string, double> { ["val_acc"] = 0.5 }, 0.5, Now));
            if (running.Count == 0) return;
            var next = running[order.Next(running.Count)];
            running.Remove(next);
            Complete(next, game);
        }
    }

    private string Measure => ShapleyAnalysisSpec.SplitAndMeasure(State.Spec!.Analysis!.Shapley!.Metric).Measure;

    public AnalysisRecord Analysis(string trial = "t0000-s0") => State.Analyses[ShapleyAnalysis.IdFor(trial)];
}
