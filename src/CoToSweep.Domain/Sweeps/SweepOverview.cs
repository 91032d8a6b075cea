using System.Collections.Immutable;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Search;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Sweeps;

/// <summary>What a parameter's board column needs to know of every trial: whether its value differs from the first trial's, and whether every value is a number.</summary>
public readonly record struct ParamColumnFacts(bool Varies, bool Numeric);

/// <summary>
/// The part of a <see cref="SweepState"/> that <c>status</c> and <c>leaderboard --top N</c> (the trials board) read,
/// small whatever the sweep's size: counts, the open (pending and running) trials whole, the best
/// <see cref="TopCapacity"/> completed trials, and what the board's columns need of the others. Saved in each snapshot
/// next to the full state and brought up to date with the events after it by <see cref="Apply"/>, a pure fold that
/// gives what <see cref="Of"/> gives of the state those events make (a property test holds the two together), so a
/// million-trial sweep answers without decoding a million trials. It covers sweeps with one objective and no analyses
/// (<see cref="Covers"/>); for the others readers load the full state.
/// </summary>
public sealed record SweepOverview(
    string Id,
    SweepSpec? Spec,
    SweepPhase Phase,
    bool Paused,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? Updated,
    int Planned,
    int Completed,
    int Failed,
    int Stopped,
    ImmutableDictionary<string, TrialRecord> Open,
    ImmutableList<TrialRecord> Top,
    IReadOnlyDictionary<string, ParamValue>? FirstParams,
    ImmutableSortedDictionary<string, ParamColumnFacts> Params,
    ImmutableSortedSet<string> ClosedMetrics)
{
    /// <summary>How many of the best completed trials are kept: <c>--top N</c> up to this answers from the overview.</summary>
    public const int TopCapacity = 100;

    public static SweepOverview Empty(string id) => new(id, null, SweepPhase.New, false, null, null, 0, 0, 0, 0,
        ImmutableDictionary<string, TrialRecord>.Empty, [], null, ImmutableSortedDictionary.Create<string, ParamColumnFacts>(StringComparer.Ordinal),
        ImmutableSortedSet.Create<string>(StringComparer.Ordinal));

    /// <summary>A sweep the overview answers for: one objective (a Pareto front needs every trial) and no analyses.</summary>
    public static bool Covers(SweepSpec? spec) => spec is null || (spec.AllObjectives.Count == 1 && !AnalysisKinds.All.Any(k => k.IsWanted(spec)));

    /// <summary>Set once an analysis event is folded in: the overview no longer answers (see <see cref="Covers"/>).</summary>
    public bool HasAnalyses { get; init; }

    public bool Answers => !HasAnalyses && Covers(Spec);

    /// <summary>Whether the overview of <paramref name="s"/> would answer (<see cref="Answers"/>), without making it.</summary>
    public static bool AnswersFor(SweepState s) => s.Analyses.IsEmpty && Covers(s.Spec);

    public bool IsFinished => Phase is SweepPhase.Completed or SweepPhase.Failed or SweepPhase.Cancelled;

    public long Unplanned => Spec is null ? 0 : Math.Max(0, TrialPlanner.Target(Spec) - Planned);

    /// <summary>As <see cref="SweepState.TotalTrials"/>.</summary>
    public int TotalTrials => (int)Math.Min(int.MaxValue, Planned + Unplanned);

    /// <summary>As <see cref="SweepState.Count"/>.</summary>
    public int Count(TrialStatus status) => status switch
    {
        TrialStatus.Pending => (int)Math.Min(int.MaxValue, Open.Values.Count(t => t.Status == TrialStatus.Pending) + Unplanned),
        TrialStatus.Running => Open.Values.Count(t => t.Status == TrialStatus.Running),
        TrialStatus.Completed => Completed,
        TrialStatus.Failed => Failed,
        _ => Stopped,
    };

    /// <summary>As <see cref="SweepState.Best"/>.</summary>
    public TrialRecord? Best => Spec is null ? null : Top.FirstOrDefault();

    /// <summary>Whether <see cref="Top"/> holds the best <paramref name="n"/> ranked trials (all of them when there are fewer).</summary>
    public bool HasTop(int n) => n <= TopCapacity;

    /// <summary>The overview of a state.</summary>
    public static SweepOverview Of(SweepState s)
    {
        var o = Empty(s.Id) with
        {
            Spec = s.Spec, Phase = s.Phase, Paused = s.Paused, SubmittedAt = s.SubmittedAt, Updated = s.Updated, Planned = s.Order.Count,
            HasAnalyses = !s.Analyses.IsEmpty,
        };
        var open = ImmutableDictionary.CreateBuilder<string, TrialRecord>();
        var closedMetrics = o.ClosedMetrics.ToBuilder();
        var top = ImmutableList<TrialRecord>.Empty;
        // Nothing here depends on trial order once the first trial is known (ranking ties go by each trial's Order), so the
        // trials are read as the dictionary holds them: at a million trials a lookup each by id costs seconds.
        var columns = new ParamColumnsBuilder(s.Order.IsEmpty ? null : s.Trials[s.Order[0]].Params);
        int completed = 0, failed = 0, stopped = 0;
        foreach (var t in s.Trials.Values)
        {
            columns.Add(t.Params);
            if (!t.IsTerminal)
            {
                open.Add(t.Id, t);
                continue;
            }
            foreach (var name in t.Metrics.Keys) closedMetrics.Add(name);
            if (t.Status == TrialStatus.Failed) failed++;
            else if (t.Status == TrialStatus.Stopped) stopped++;
            else
            {
                completed++;
                top = Insert(top, t, s.Spec?.Objective.Direction);
            }
        }
        return o with
        {
            Completed = completed, Failed = failed, Stopped = stopped, Open = open.ToImmutable(), Top = top,
            FirstParams = columns.First, Params = columns.Facts, ClosedMetrics = closedMetrics.ToImmutable(),
        };
    }

    /// <summary>Folds one event in, as <see cref="SweepState.Apply"/> does to the state.</summary>
    public SweepOverview Apply(ISweepEvent e) => (e switch
    {
        SweepSubmitted s => this with { Spec = s.Spec, Phase = SweepPhase.Running, SubmittedAt = s.At },
        TrialsPlanned p => Plan(p),
        BudgetChanged b => Budget(b),
        _ when TrialTransitions.TrialOf(e) is { } id => Trial(id, e),
        SweepCompleted c => this with { Phase = c.Succeeded ? SweepPhase.Completed : SweepPhase.Failed },
        SweepCancelled c => this with
        {
            Phase = SweepPhase.Cancelled,
            Open = Open.SetItems(Open.Values.Where(t => t.Status == TrialStatus.Running).Select(t => KeyValuePair.Create(t.Id, TrialTransitions.Cancelled(t, c)))),
        },
        SweepPaused => this with { Paused = true },
        SweepUnpaused => this with { Paused = false },
        _ => this with { HasAnalyses = true },
    }) with { Updated = e.At };

    private SweepOverview Plan(TrialsPlanned p)
    {
        var columns = new ParamColumnsBuilder(FirstParams, Params);
        var open = Open.ToBuilder();
        var order = Planned;
        foreach (var t in p.Trials)
        {
            columns.Add(t.Params);
            open.Add(t.Id, TrialRecord.Planned(t, order++));
        }
        return this with { Planned = order, Open = open.ToImmutable(), FirstParams = columns.First, Params = columns.Facts };
    }

    private SweepOverview Budget(BudgetChanged b)
    {
        var o = this with { Spec = Spec! with { Search = Spec.Search with { MaxTrials = b.MaxTrials, Seeds = b.Seeds } } };
        return o.Unplanned > 0 && Phase is SweepPhase.Completed or SweepPhase.Failed ? o with { Phase = SweepPhase.Running } : o;
    }

    /// <summary>
    /// An event about one trial. Only open trials change: a trial that ended never does (the state's commands journal
    /// nothing more about it), so an event about one that is not open changes nothing here.
    /// </summary>
    private SweepOverview Trial(string id, ISweepEvent e)
    {
        if (!Open.TryGetValue(id, out var before)) return this;
        var t = TrialTransitions.Apply(before, e);
        if (!t.IsTerminal) return this with { Open = Open.SetItem(id, t) };
        var o = this with { Open = Open.Remove(id), ClosedMetrics = ClosedMetrics.Union(t.Metrics.Keys) };
        if (t.Status == TrialStatus.Failed) return o with { Failed = Failed + 1 };
        if (t.Status == TrialStatus.Stopped) return o with { Stopped = Stopped + 1 };
        return o with { Completed = Completed + 1, Top = Insert(Top, t, Spec?.Objective.Direction) };
    }

    /// <summary>
    /// A completed trial in its place among the best (as <see cref="Ranking.Rank{T}"/> orders them: by value in the
    /// objective's direction, ties to the earlier trial; no value or NaN: not ranked), keeping at most <see cref="TopCapacity"/>.
    /// </summary>
    private static ImmutableList<TrialRecord> Insert(ImmutableList<TrialRecord> top, TrialRecord t, Direction? direction)
    {
        if (direction is null || t.Objective is not { } v || double.IsNaN(v)) return top;
        var sign = direction == Direction.Minimize ? 1 : -1;
        var better = Comparer<TrialRecord>.Create((a, b) =>
            a.Objective!.Value == b.Objective!.Value ? a.Order.CompareTo(b.Order) : sign * a.Objective.Value.CompareTo(b.Objective.Value));
        if (top.Count == TopCapacity && better.Compare(t, top[^1]) > 0) return top;
        var at = top.BinarySearch(t, better);
        top = top.Insert(at < 0 ? ~at : at, t);
        return top.Count > TopCapacity ? top.RemoveAt(top.Count - 1) : top;
    }

    /// <summary>
    /// The board-column facts of every parameter name, trial by trial in trial order: a name varies when some trial's value
    /// differs from the first trial's (a missing value is one too), as <c>ColumnSet.ParamNames</c> decides.
    /// </summary>
    private sealed class ParamColumnsBuilder(IReadOnlyDictionary<string, ParamValue>? first = null, ImmutableSortedDictionary<string, ParamColumnFacts>? facts = null)
    {
        private readonly ImmutableSortedDictionary<string, ParamColumnFacts>.Builder _facts =
            (facts ?? ImmutableSortedDictionary.Create<string, ParamColumnFacts>(StringComparer.Ordinal)).ToBuilder();

        public IReadOnlyDictionary<string, ParamValue>? First { get; private set; } = first;

        public ImmutableSortedDictionary<string, ParamColumnFacts> Facts => _facts.ToImmutable();

        /// <summary>Adds a trial's parameters (the first trial's may come again: a map equal to the first changes nothing).</summary>
        public void Add(IReadOnlyDictionary<string, ParamValue> values)
        {
            First ??= values;
            var first = ReferenceEquals(values, First);
            foreach (var (name, v) in values)
            {
                var differs = !first && !Nullable.Equals(Value(First, name), v);
                var known = _facts.TryGetValue(name, out var f);
                var next = known ? new ParamColumnFacts(f.Varies || differs, f.Numeric && v.IsNumeric) : new ParamColumnFacts(differs, v.IsNumeric);
                if (!known || next != f) _facts[name] = next;
            }
            // A name this trial lacks varies when the first trial has it.
            if (first) return;
            foreach (var name in First.Keys)
                if (!values.ContainsKey(name) && _facts.TryGetValue(name, out var f) && !f.Varies) _facts[name] = f with { Varies = true };
        }

        private static ParamValue? Value(IReadOnlyDictionary<string, ParamValue> map, string name) => map.TryGetValue(name, out var v) ? v : null;
    }
}
