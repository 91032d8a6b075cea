using System.Collections.Immutable;
using CoToSweep.Domain.Search;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// Incremental planning: trials are proposed as slots ask for work, in <see cref="TrialPlanner.ChunkSize"/> chunks for a
/// static sampler and one configuration (under every seed) at a time for an adaptive one, until the budget
/// (<see cref="TrialPlanner.Target"/>) is planned. Every proposal is journaled in a <c>TrialsPlanned</c> event, so
/// replay proposes nothing. Seeds appended by a budget change are planned first for the configurations the sweep has.
/// </summary>
public sealed partial record SweepState
{
    /// <summary>Configurations proposed so far (the next proposal's index).</summary>
    public int NextConfig { get; init; }

    /// <summary>Every configuration below this has a trial under each of its seeds.</summary>
    public int BackfillFrom { get; init; }

    /// <summary>Trials that reached an end (completed, failed for good, stopped), in journal order: what a sampler learns from.</summary>
    public AppendList<string> FinishedOrder { get; init; } = [];

    /// <summary>Trials the budget still has room for (pending trials in the queue not counted).</summary>
    public long Unplanned => Spec is null ? 0 : Math.Max(0, TrialPlanner.Target(Spec) - Order.Count);

    /// <summary>Trials planned plus the room left in the budget: what a progress bar counts to.</summary>
    public int TotalTrials => (int)Math.Min(int.MaxValue, Trials.Count + Unplanned);

    private bool CanPlan => Phase == SweepPhase.Running && Unplanned > 0;

    /// <summary>The next chunk of trials, or null when the budget is planned.</summary>
    private TrialsPlanned? PlanNext(DateTimeOffset at)
    {
        if (!CanPlan) return null;
        var spec = Spec!;
        var sampler = TrialPlanner.SamplerFor(spec.Search.Algorithm);
        var room = (int)Math.Min(Unplanned, sampler.IsAdaptive ? spec.Search.Seeds?.Count ?? 1 : TrialPlanner.ChunkSize);
        var trials = new List<PlannedTrial>();
        for (var c = BackfillFrom; c < NextConfig && trials.Count < room; c++)
        {
            var seeds = TrialPlanner.SeedsOf(spec.Search, c);
            // The first seed's trial is always planned first, so it holds the configuration's parameters.
            var parameters = Trials[TrialRecord.MakeId(c, seeds[0])].Params;
            foreach (var seed in seeds.Skip(1))
                if (trials.Count < room && !Trials.ContainsKey(TrialRecord.MakeId(c, seed)))
                    trials.Add(new PlannedTrial(TrialRecord.MakeId(c, seed), c, seed, parameters));
        }
        var history = sampler.IsAdaptive ? History() : SearchHistory.Empty;
        for (var c = NextConfig; trials.Count < room && (!sampler.IsAdaptive || c == NextConfig); c++)
        {
            // A configuration's seeds go in one chunk (analyses group them), unless only the budget cuts them short.
            var seeds = TrialPlanner.SeedsOf(spec.Search, c);
            if (trials.Count > 0 && trials.Count + seeds.Count > room && trials.Count + seeds.Count <= Unplanned) break;
            var parameters = TrialPlanner.Parameters(spec, sampler.Propose(spec.Search, c, history));
            foreach (var seed in seeds)
                if (trials.Count < room) trials.Add(new PlannedTrial(TrialRecord.MakeId(c, seed), c, seed, parameters));
        }
        return trials.Count == 0 ? null : new TrialsPlanned(trials, at);
    }

    /// <summary>What an adaptive sampler sees now: finished trials in journal order, and every trial planned but not finished.</summary>
    public SearchHistory History()
    {
        var finished = FinishedOrder.Select(id => Trials[id])
            .Select(t => (t.Params, Losses: ObjectiveValues.Losses(Spec!, t)))
            .Where(x => x.Losses is not null).Select(x => new Observation(x.Params, x.Losses!)).ToList();
        var unfinished = TrialsInOrder.Where(t => !t.IsTerminal).Select(t => t.Params).ToList();
        return new SearchHistory(finished, unfinished);
    }

    private SweepState ApplyPlanned(TrialsPlanned p)
    {
        var state = this with
        {
            Order = Order.AddRange(p.Trials.Select(t => t.Id)),
            Trials = Trials.AddRange(Records(p.Trials, Order.Count).Select(t => KeyValuePair.Create(t.Id, t))),
            Queue = Queue.Union(Enumerable.Range(Order.Count, p.Trials.Count)),
            NextConfig = Math.Max(NextConfig, p.Trials.Count == 0 ? 0 : p.Trials.Max(t => t.Config) + 1),
        };
        return state with { BackfillFrom = state.FullyPlannedUpTo() };
    }

    /// <summary>
    /// The planned trials' records from <paramref name="order"/> on. A configuration's seeds have the same parameters,
    /// and planned together they share one map (a decoded event gives each trial its own copy).
    /// </summary>
    private static IEnumerable<TrialRecord> Records(IReadOnlyList<PlannedTrial> trials, int order)
    {
        TrialRecord? previous = null;
        for (var i = 0; i < trials.Count; i++)
        {
            var t = TrialRecord.Planned(trials[i], order + i);
            if (previous is not null && previous.Config == t.Config && SameConfiguration.Instance.Equals(previous.Params, t.Params)) t = t with { Params = previous.Params };
            yield return previous = t;
        }
    }

    /// <summary>Moves the backfill cursor past configurations that have a trial under each seed.</summary>
    private int FullyPlannedUpTo()
    {
        var c = BackfillFrom;
        if (Spec is null) return NextConfig;
        while (c < NextConfig && TrialPlanner.SeedsOf(Spec.Search, c).All(seed => Trials.ContainsKey(TrialRecord.MakeId(c, seed)))) c++;
        return c;
    }

    /// <summary>A bigger budget for the same sweep: more to plan (a finished sweep runs again), appended seeds first.</summary>
    private IReadOnlyList<ISweepEvent> ChangeBudget(SweepDefinition d, DateTimeOffset at)
    {
        var next = d.Spec!;
        if (Phase == SweepPhase.Cancelled) return [];   // cancelled for good: a bigger budget does not reopen it
        if (CanonicalJson is null || !SweepIdentity.SameSweep(CanonicalJson, d.CanonicalJson)) return [];
        if (SweepIdentity.BudgetProblem(Spec!, next) is not null || !SweepIdentity.BudgetGrew(Spec!, next)) return [];
        return [new BudgetChanged(next.Search.MaxTrials, next.Search.Seeds, d.Text, d.CanonicalJson, at)];
    }

    private SweepState ApplyBudget(BudgetChanged b)
    {
        var seedsGrew = (b.Seeds?.Count ?? 0) > (Spec!.Search.Seeds?.Count ?? 0);
        var state = this with
        {
            Spec = b.Budgeted(Spec),
            SpecText = b.SpecText,
            CanonicalJson = b.CanonicalJson,
            BackfillFrom = seedsGrew ? 0 : BackfillFrom,
        };
        return state.Unplanned > 0 && Phase is SweepPhase.Completed or SweepPhase.Failed ? state with { Phase = SweepPhase.Running } : state;
    }
}
