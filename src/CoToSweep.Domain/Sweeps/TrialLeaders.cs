namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// The ids of a sweep's best completed trial (by objective, ties to the earliest) and of its earliest completed one,
/// folded in one trial at a time (<see cref="SweepState.Best"/>): kept in step as trials complete, so that the live
/// view need not walk a million trials at every refresh (0.15 s a walk, measured).
/// </summary>
public readonly record struct TrialLeaders(string? BestId, int BestOrder, double BestObjective, string? FirstId, int FirstOrder)
{
    public static readonly TrialLeaders None = default;

    /// <summary>With one more completed trial (any other status leaves them as they are).</summary>
    public TrialLeaders With(TrialRecord t, bool minimize)
    {
        if (t.Status != TrialStatus.Completed) return this;
        var leaders = FirstId is null || t.Order < FirstOrder ? this with { FirstId = t.Id, FirstOrder = t.Order } : this;
        if (t.Objective is not { } v || double.IsNaN(v)) return leaders;
        var better = BestId is null || (v == BestObjective ? t.Order < BestOrder : minimize ? v < BestObjective : v > BestObjective);
        return better ? leaders with { BestId = t.Id, BestOrder = t.Order, BestObjective = v } : leaders;
    }

    /// <summary>Of all of <paramref name="trials"/>, in one walk.</summary>
    public static TrialLeaders Of(IEnumerable<TrialRecord> trials, bool minimize) => trials.Aggregate(None, (l, t) => l.With(t, minimize));

    /// <summary>The best trial's id, or the earliest completed one's when no completed trial has an objective to rank.</summary>
    public string? Id => BestId ?? FirstId;
}
