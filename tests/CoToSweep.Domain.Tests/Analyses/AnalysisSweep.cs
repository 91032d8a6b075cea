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
internal sealed class AnalysisSweep(string shapley, string search = "seeds: [0]", string trial = "")
    : KindSweep("  shapley: " + shapley, search, trial, "shap")
{
    public ShapleyAnalysisSpec Spec => State.Spec!.Analysis!.Shapley!;

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
