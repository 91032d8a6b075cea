using System.Collections.Immutable;
using CoToSweep.Domain.Analyses;
using static CoToSweep.Domain.Sweeps.SweepEvents;
using static CoToSweep.Domain.Sweeps.SweepCommands;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// Analyses: a Shapley estimate of a trained trial is cut into numbered work units that slots lease like trials.
/// Results are merged in unit order and the stopping rule is checked only between merges, so the estimate does not
/// depend on which slot finished first; every coalition value is journaled, so a resumed sweep redoes no finished unit.
/// </summary>
public sealed partial record SweepState
{
    private AnalysisPlanned PlanAnalysis(TrialRecord trial, DateTimeOffset at) =>
        new(AnalysisRecord.IdFor(trial.Id), trial.Id, "shapley", TrialKinds.Find(Spec!.Trial.Kind)!.Groups!(trial.Params), trial.ArtifactDir, at);

    /// <summary>The estimate of an analysis so far (every completed unit merged in order).</summary>
    public Shapley.ShapleyEstimate EstimateOf(AnalysisRecord analysis) => ShapleyProgress.Read(analysis, Spec!.Analysis!.Shapley!, p => p.Run.Estimate());

    /// <summary>The unit a slot would get next from this analysis, or null (finished, behind a pilot barrier, over budget).</summary>
    private int? NextUnitOf(AnalysisRecord a)
    {
        if (a.Status != AnalysisStatus.Running) return null;
        if (!a.Pending.IsEmpty) return a.Pending.Min;
        var spec = Spec!.Analysis!.Shapley!;
        if (spec.MaxEvaluations is { } budget && a.Values.Count >= budget) return null;
        return a.NextUnit < ShapleyProgress.Read(a, spec, p => p.Run.PlannableUnits) ? a.NextUnit : null;
    }

    private AnalysisUnitStarted? LeaseUnit(LeaseTrial c)
    {
        foreach (var a in AnalysesInOrder)
        {
            if (NextUnitOf(a) is not { } unit) continue;
            var work = ShapleyProgress.Read(a, Spec!.Analysis!.Shapley!, p => p.Run.TryPlan(unit))!;
            var needed = work.Coalitions.ToList();
            // v(N) and v(∅) ride along with unit 0: the efficiency check needs them whatever the method samples.
            if (unit == 0) needed.AddRange([0UL, Shapley.Coalitions.Grand(a.Groups.Count)]);
            var unknown = needed.Distinct().Where(x => !a.Values.ContainsKey(x)).ToArray();
            return new AnalysisUnitStarted(a.Id, unit, a.AttemptOf(unit) + 1, c.Worker, unknown, c.At);
        }
        return null;
    }

    private IReadOnlyList<ISweepEvent> CompleteUnit(CompleteAnalysisUnit c)
    {
        if (!Analyses.TryGetValue(c.AnalysisId, out var a) || a.IsTerminal || a.Completed.Contains(c.Unit)) return [];
        if (c.Attempt < 1 || c.Attempt > a.AttemptOf(c.Unit) || c.Coalitions.Count != c.Values.Count) return [];
        var completed = new AnalysisUnitCompleted(c.AnalysisId, c.Unit, c.Attempt, c.Coalitions, c.Values, c.At);
        var after = Apply(completed).Analyses[c.AnalysisId];
        // Every value the unit needs must now be known (a late result of an older attempt may have asked for fewer).
        var work = ShapleyProgress.Read(a, Spec!.Analysis!.Shapley!, p => p.Run.TryPlan(c.Unit));
        if (work is not null && work.Coalitions.Any(x => !after.Values.ContainsKey(x))) return [];
        List<ISweepEvent> events = [completed];
        if (Finished(after, c.At) is { } done) events.Add(done);
        return WithCompletion(events, c.At);
    }

    private IReadOnlyList<ISweepEvent> FailUnit(FailAnalysisUnit c)
    {
        if (!Analyses.TryGetValue(c.AnalysisId, out var a) || !a.Running.TryGetValue(c.Unit, out var lease) || lease.Attempt != c.Attempt) return [];
        return WithCompletion([RequeueOrFail(a, c.Unit, c.Attempt, c.Reason, c.Fault, c.At)], c.At);
    }

    private ISweepEvent RequeueOrFail(AnalysisRecord a, int unit, int attempt, string reason, bool fault, DateTimeOffset at)
    {
        if (fault && a.Failures + 1 > Spec!.Retries)
            return new AnalysisFailed(a.Id, $"unit {unit}: {reason}", at);
        if (!fault && attempt >= Spec!.MaxAttempts)
            return new AnalysisFailed(a.Id, $"unit {unit}: {reason}; gave up after {attempt} attempts (max_attempts)", at);
        return new AnalysisUnitRequeued(a.Id, unit, attempt, reason, fault, at);
    }

    /// <summary>Re-queues every running unit of every analysis (not the units' fault); used on resume.</summary>
    private IEnumerable<ISweepEvent> RequeueRunningUnits(string reason, DateTimeOffset at) =>
        AnalysesInOrder.Where(a => !a.IsTerminal)
            .SelectMany(a => a.Running.Select(u => RequeueOrFail(a, u.Key, u.Value.Attempt, reason, false, at)));

    /// <summary>The <c>AnalysisCompleted</c> due once the merged units meet the stopping rule, else null.</summary>
    private AnalysisCompleted? Finished(AnalysisRecord a, DateTimeOffset at)
    {
        var (stop, e) = ShapleyProgress.Read(a, Spec!.Analysis!.Shapley!, p => (p.StopReason, p.Run.Estimate()));
        if (stop is null) return null;
        var full = Shapley.Coalitions.Grand(a.Groups.Count);
        return new AnalysisCompleted(a.Id, new ShapleyResult(e.Method, e.Values, e.StdErrors, a.Values.Count, e.SamplesPerPlayer, e.Units,
            a.Values.GetValueOrDefault(full, double.NaN), a.Values.GetValueOrDefault(0UL, double.NaN), stop), at);
    }

    private SweepState ApplyAnalysis(ISweepEvent e) => e switch
    {
        AnalysisPlanned p when !Analyses.ContainsKey(p.AnalysisId) => this with
        {
            Analyses = Analyses.Add(p.AnalysisId, new AnalysisRecord(p.AnalysisId, p.TrialId, p.Kind, p.Groups, p.ArtifactDir,
                AnalysisStatus.Running, 0, [], ImmutableSortedDictionary<int, UnitLease>.Empty, ImmutableDictionary<int, int>.Empty, [],
                ImmutableDictionary<ulong, double>.Empty, 0, null, null)
            {
                Progress = new ShapleyProgress(Spec!.Analysis!.Shapley!, p.Groups.Count),
            }),
            AnalysisOrder = AnalysisOrder.Add(p.AnalysisId),
        },
        AnalysisUnitStarted s => UpdateAnalysis(s.AnalysisId, a => a with
        {
            NextUnit = Math.Max(a.NextUnit, s.Unit + 1),
            Pending = a.Pending.Remove(s.Unit),
            Running = a.Running.SetItem(s.Unit, new UnitLease(s.Attempt, s.Worker, s.At)),
            Attempts = a.Attempts.SetItem(s.Unit, s.Attempt),
        }),
        AnalysisUnitCompleted c => UpdateAnalysis(c.AnalysisId, a => a with
        {
            Running = a.Running.Remove(c.Unit),
            Pending = a.Pending.Remove(c.Unit),
            Completed = a.Completed.Add(c.Unit),
            Values = c.Coalitions.Zip(c.Values).Where(x => !a.Values.ContainsKey(x.First))
                .Aggregate(a.Values, (values, x) => values.SetItem(x.First, x.Second)),
        }),
        AnalysisUnitRequeued r => UpdateAnalysis(r.AnalysisId, a => a with
        {
            Running = a.Running.Remove(r.Unit),
            Pending = a.Pending.Add(r.Unit),
            Failures = a.Failures + (r.Fault ? 1 : 0),
            Reason = r.Reason,
        }),
        AnalysisCompleted c => UpdateAnalysis(c.AnalysisId, a => a with
        {
            Status = AnalysisStatus.Completed, Result = c.Result, Running = a.Running.Clear(), Pending = [], Reason = null,
        }),
        AnalysisFailed f => UpdateAnalysis(f.AnalysisId, a => a with
        {
            Status = AnalysisStatus.Failed, Running = a.Running.Clear(), Pending = [], Reason = f.Reason,
        }),
        _ => this,
    };

    private SweepState UpdateAnalysis(string id, Func<AnalysisRecord, AnalysisRecord> change) =>
        Analyses.TryGetValue(id, out var a) ? this with { Analyses = Analyses.SetItem(id, change(a)) } : this;
}
