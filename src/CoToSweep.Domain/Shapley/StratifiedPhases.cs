namespace CoToSweep.Domain.Shapley;

/// <summary>
/// The two phases of size-stratified sampling: a pilot (one draw per exact stratum, an equal number per other
/// stratum, at least two so every stratum has a variance) and the rest of the draws by Neyman allocation from
/// the merged pilot. Pilot samples stay in the estimate: every sample is drawn from its stratum's distribution,
/// and the allocation decides only how many are drawn.
/// </summary>
internal sealed class StratifiedPhases(SizeStrata strata, long draws, ulong seed, int drawsPerUnit, Func<ulong, double>? baseline = null)
{
    private const double PilotShare = 0.25;

    public static long MinimumDraws(SizeStrata strata)
    {
        var exact = Enumerable.Range(0, strata.Count).Count(strata.IsExact);
        return exact + 2L * (strata.Count - exact);
    }

    public DrawPhase? Phase(int phase, MomentTable merged)
    {
        var exact = Enumerable.Range(0, strata.Count).Where(strata.IsExact).ToArray();
        var sampled = Enumerable.Range(0, strata.Count).Where(k => !strata.IsExact(k)).ToArray();
        var perStratum = sampled.Length == 0 ? 0 : (int)Math.Max(2, PilotShare * (draws - exact.Length) / sampled.Length);
        var pilot = exact.Length + perStratum * sampled.Length;
        switch (phase)
        {
            case 0:
                var schedule = new List<int>(exact);
                for (var r = 0; r < perStratum; r++) schedule.AddRange(sampled);
                return Make(schedule, 0);
            case 1:
                var rest = (int)Math.Max(0, draws - pilot);
                return Make(NeymanAllocation.Schedule(NeymanAllocation.Allocate(merged, strata, rest)), 1);
            default:
                return null;
        }
    }

    private DrawPhase Make(List<int> schedule, int phase) =>
        new(schedule.Count, drawsPerUnit, new StratifiedScheme(strata, Search.SplitMix64.Mix(seed, (ulong)phase), schedule, baseline));
}
