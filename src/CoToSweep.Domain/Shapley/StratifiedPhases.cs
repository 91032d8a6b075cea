namespace CoToSweep.Domain.Shapley;

/// <summary>
/// The phases of size-stratified sampling: a pilot (one draw per exact stratum, an equal number per other stratum,
/// at least two so every stratum has a variance), then the remaining draws in <c>mainPhases</c> doubling phases,
/// each allocated by Neyman from everything merged before it and, for regression adjustment, with a control variate
/// refitted at that barrier. Earlier samples stay in the estimate: every sample is an unbiased draw of its
/// stratum's mean given what came before, and the allocation decides only how many are drawn.
/// </summary>
internal sealed class StratifiedPhases(
    SizeStrata strata, long draws, ulong seed, int drawsPerUnit, int mainPhases = 1,
    Func<ShapleyRun, PairwiseSurrogate?>? controlAt = null, bool observe = false, double pilotShare = 0.25)
{
    public static long MinimumDraws(SizeStrata strata)
    {
        var exact = Enumerable.Range(0, strata.Count).Count(strata.IsExact);
        return exact + 2L * (strata.Count - exact);
    }

    public DrawPhase? Phase(int phase, ShapleyRun merged)
    {
        var exact = Enumerable.Range(0, strata.Count).Where(strata.IsExact).ToArray();
        var sampled = Enumerable.Range(0, strata.Count).Where(k => !strata.IsExact(k)).ToArray();
        var perStratum = sampled.Length == 0 ? 0 : (int)Math.Max(2, pilotShare * (draws - exact.Length) / sampled.Length);
        if (phase == 0)
        {
            var schedule = new List<int>(exact);
            for (var r = 0; r < perStratum; r++) schedule.AddRange(sampled);
            return Make(schedule, 0, null);
        }
        if (phase > mainPhases) return null;
        // Phase j of m gets 2^(j−1)/(2^m − 1) of the rest, so refits come early when they matter most.
        var rest = Math.Max(0, draws - exact.Length - perStratum * sampled.Length);
        var whole = (1L << mainPhases) - 1;
        var count = (int)(rest * ((1L << phase) - 1) / whole - rest * ((1L << (phase - 1)) - 1) / whole);
        var control = controlAt?.Invoke(merged);
        return Make(NeymanAllocation.Schedule(NeymanAllocation.Allocate(merged.Moments, strata, count)), phase, control);
    }

    private DrawPhase Make(List<int> schedule, int phase, PairwiseSurrogate? control) =>
        new(schedule.Count, drawsPerUnit, new StratifiedScheme(strata, Search.SplitMix64.Mix(seed, (ulong)phase), schedule, control, observe));
}
