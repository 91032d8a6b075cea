using CoToSweep.Domain.Stopping;
using static CoToSweep.Domain.Sweeps.SweepEvents;
using static CoToSweep.Domain.Sweeps.SweepCommands;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// Early stopping: after each journaled report of the objective, the sweep's rule (<see cref="StoppingRules"/>) sees the
/// trial's reports and every other trial's, in journal order, and may stop it (<c>TrialStopped</c>): status
/// <c>stopped</c>, its last values kept, its place free at once (the coordinator tells the slot to stop it).
/// </summary>
public sealed partial record SweepState
{
    private IReadOnlyList<ISweepEvent> Report(ReportProgress c)
    {
        if (!IsCurrent(c.TrialId, c.Attempt)) return [];
        var reported = new TrialReported(c.TrialId, c.Attempt, c.Step, c.Metrics, c.At);
        if (Spec!.EarlyStopping is not { } spec || StoppingRules.Find(spec.Rule) is not { } rule
            || !c.Metrics.TryGetValue(Spec.Objective.Metric, out var value) || !double.IsFinite(value)) return [reported];
        var after = Apply(reported);
        var trial = after.Trials[c.TrialId];
        var input = new StoppingInput(after.CurveOf(trial), after.TrialsInOrder.Where(t => t.Id != trial.Id && !t.Curve.IsEmpty).Select(after.CurveOf).ToList());
        if (rule.Decide(spec, input) is not { } reason) return [reported];

        var last = new MetricAccumulator(Spec.Objective);
        foreach (var point in trial.Curve) last.Add(point.Metrics);
        var stopped = new TrialStopped(trial.Id, c.Attempt, reason, new Dictionary<string, double>(last.Last), last.Objective, c.At);
        List<ISweepEvent> events = [reported, stopped];
        var end = after.Apply(stopped);
        end.PlanAnalyses(new Analyses.AnalysisTrigger.TrialFinished(end.Trials[trial.Id]), events, c.At);
        return WithCompletion(events, c.At);
    }

    /// <summary>A trial's reports of the objective as losses (lower is better), in journal order.</summary>
    private TrialCurve CurveOf(TrialRecord t)
    {
        var objective = Spec!.Objective;
        var sign = objective.Direction == Direction.Maximize ? -1 : 1;
        return new TrialCurve(t.Id, t.Curve
            .Where(p => p.Metrics.TryGetValue(objective.Metric, out var v) && double.IsFinite(v))
            .Select(p => (p.Step, sign * p.Metrics[objective.Metric])).ToList(), t.Params);
    }
}
