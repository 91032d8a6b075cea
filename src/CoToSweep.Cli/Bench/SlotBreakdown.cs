using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Bench;

/// <summary>
/// Where the slots' time went in a run of trials that each take a known time, from the journal's own timestamps:
/// the fewest and most trials a slot ran (the last round is uneven when one slot got ahead: each trial over the ideal
/// share adds a whole trial to the run), the mean time per trial beyond its work from the lease's decision to the
/// result (the lease journaled and delivered, the work's own lateness) and from the result to the same slot's next
/// lease decision (the result delivered and decided).
/// </summary>
public sealed record SlotBreakdown(int FewestTrials, int MostTrials, double LeaseToResultMs, double ResultToLeaseMs)
{
    public static SlotBreakdown Of(SweepState state, TimeSpan work)
    {
        var bySlot = state.Trials.Values
            .Where(t => t is { Status: TrialStatus.Completed, Worker: not null, StartedAt: not null, FinishedAt: not null })
            .GroupBy(t => t.Worker!)
            .Select(g => g.OrderBy(t => t.StartedAt).ToList())
            .ToList();
        if (bySlot.Count == 0) return new SlotBreakdown(0, 0, 0, 0);
        var trials = bySlot.SelectMany(s => s).ToList();
        var gaps = bySlot.SelectMany(s => s.Zip(s.Skip(1), (a, b) => (b.StartedAt!.Value - a.FinishedAt!.Value).TotalMilliseconds)).DefaultIfEmpty(0);
        return new SlotBreakdown(bySlot.Min(s => s.Count), bySlot.Max(s => s.Count),
            trials.Average(t => (t.FinishedAt!.Value - t.StartedAt!.Value - work).TotalMilliseconds), gaps.Average());
    }
}
