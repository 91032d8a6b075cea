using CoToSweep.Domain.Analyses;
using static CoToSweep.Domain.Sweeps.SweepEvents;
using static CoToSweep.Domain.Sweeps.SweepCommands;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// Analyses: each kind (<see cref="AnalysisKinds"/>) says which analyses are due and cuts each into numbered work units
/// of probes that slots lease like trials. Every probe result is journaled, so a resumed sweep redoes no finished unit;
/// the kind folds completed units in, so the result does not depend on which slot finished first.
/// </summary>
public sealed partial record SweepState
{
    private static IAnalysisKind KindOf(AnalysisRecord a) => AnalysisKinds.Get(a.Kind);

    /// <summary>The analysis kinds this sweep asks for.</summary>
    public IEnumerable<IAnalysisKind> WantedAnalyses => Spec is null ? [] : AnalysisKinds.All.Where(k => k.IsWanted(Spec));

    /// <summary>Plans what <paramref name="trigger"/> makes due, applying each plan so that later kinds see earlier ones.</summary>
    private SweepState PlanAnalyses(AnalysisTrigger trigger, List<ISweepEvent> events, DateTimeOffset at)
    {
        var state = this;
        foreach (var kind in WantedAnalyses)
            foreach (var plan in kind.Plan(state, trigger).ToList())
            {
                if (state.Analyses.ContainsKey(plan.Id)) continue;
                var first = state.Trials[plan.TrialIds[0]];
                var groups = TrialKinds.Find(Spec!.Trial.Kind)?.Groups?.Invoke(first.Params) ?? [];
                var planned = new AnalysisPlanned(plan.Id, kind.Name, plan.TrialIds, groups,
                    plan.TrialIds.Select(id => state.Trials[id].ArtifactDir).ToArray(), at);
                events.Add(planned);
                state = state.Apply(planned);
            }
        return state;
    }

    /// <summary>The unit a slot would get next from this analysis, or null (finished, or nothing leasable yet).</summary>
    private int? NextUnitOf(AnalysisRecord a)
    {
        if (a.Status != AnalysisStatus.Running) return null;
        if (!a.Pending.IsEmpty) return a.Pending.Min;
        return a.NextUnit < KindOf(a).LeasableUnits(this, a) ? a.NextUnit : null;
    }

    private AnalysisUnitStarted? LeaseUnit(LeaseTrial c)
    {
        foreach (var a in AnalysesInOrder)
        {
            if (NextUnitOf(a) is not { } unit) continue;
            var unknown = KindOf(a).UnitProbes(this, a, unit).Distinct().Where(x => !a.Values.ContainsKey(x)).ToArray();
            return new AnalysisUnitStarted(a.Id, unit, a.AttemptOf(unit) + 1, c.Worker, unknown, c.At);
        }
        return null;
    }

    /// <summary>What a slot evaluates for a leased unit: the probes it started with, described by the analysis's kind.</summary>
    public AnalysisUnitAssignment AssignmentFor(AnalysisUnitStarted started)
    {
        var a = Analyses[started.AnalysisId];
        var kind = KindOf(a);
        return new AnalysisUnitAssignment(Id, a.Id, a.Kind, a.TrialId, started.Unit, started.Attempt, Spec!.Trial.Kind, a.Groups,
            started.Probes, started.Probes.Select(p => kind.Describe(this, a, p)).ToArray());
    }

    private IReadOnlyList<ISweepEvent> CompleteUnit(CompleteAnalysisUnit c)
    {
        if (!Analyses.TryGetValue(c.AnalysisId, out var a) || a.IsTerminal || a.Completed.Contains(c.Unit)) return [];
        if (c.Attempt < 1 || c.Attempt > a.AttemptOf(c.Unit) || c.Probes.Count != c.Results.Count) return [];
        var completed = new AnalysisUnitCompleted(c.AnalysisId, c.Unit, c.Attempt, c.Probes, c.Results, c.At);
        var state = Apply(completed);
        var after = state.Analyses[c.AnalysisId];
        // Every probe the unit needs must now be known (a late result of an older attempt may have asked for fewer).
        if (KindOf(a).UnitProbes(this, a, c.Unit).Any(x => !after.Values.ContainsKey(x))) return [];
        List<ISweepEvent> events = [completed];
        if (KindOf(after).Finish(state, after) is { } result) state.Finished(new AnalysisCompleted(a.Id, result, c.At), events);
        return WithCompletion(events, c.At);
    }

    private IReadOnlyList<ISweepEvent> FailUnit(FailAnalysisUnit c)
    {
        if (!Analyses.TryGetValue(c.AnalysisId, out var a) || !a.Running.TryGetValue(c.Unit, out var lease) || lease.Attempt != c.Attempt) return [];
        var e = RequeueOrFail(a, c.Unit, c.Attempt, c.Reason, c.Fault, c.At);
        List<ISweepEvent> events = [];
        if (e is AnalysisFailed failed) Finished(failed, events);
        else events.Add(e);
        return WithCompletion(events, c.At);
    }

    /// <summary>Adds the event that ends an analysis, then what its end makes due (prune by Shapley order waits for it).</summary>
    private void Finished(ISweepEvent end, List<ISweepEvent> events)
    {
        events.Add(end);
        var after = Apply(end);
        var id = end is AnalysisCompleted c ? c.AnalysisId : ((AnalysisFailed)end).AnalysisId;
        after.PlanAnalyses(new AnalysisTrigger.AnalysisFinished(after.Analyses[id]), events, end.At);
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

    private SweepState ApplyAnalysis(ISweepEvent e) => e switch
    {
        AnalysisPlanned p when !Analyses.ContainsKey(p.AnalysisId) => this with
        {
            Analyses = Analyses.Add(p.AnalysisId, AnalysisRecord.Planned(p.AnalysisId, p.Kind, p.TrialIds, p.Groups, p.ArtifactDirs,
                AnalysisKinds.Find(p.Kind)?.NewCache(Spec!, p.Groups.Count))),
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
            Values = c.Probes.Zip(c.Results).Where(x => !a.Values.ContainsKey(x.First))
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
        ILegacySweepEvent legacy => Apply(legacy.Upcast(Spec)),
        _ => this,
    };

    private SweepState UpdateAnalysis(string id, Func<AnalysisRecord, AnalysisRecord> change) =>
        Analyses.TryGetValue(id, out var a) ? this with { Analyses = Analyses.SetItem(id, change(a)) } : this;
}
