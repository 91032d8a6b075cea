using CoToSweep.Domain.Analyses;

namespace CoToSweep.Domain.Tests.Analyses;

/// <summary>
/// A deterministic stand-in for trained adapters: every probe gets an accuracy and loss that depend on all of its
/// fields (members, mask, λ, method, task, sparsity, split), so a probe described wrongly gives a different answer.
/// Adapter m's group i adds <c>Weight(m, i)</c> to the base accuracy 0.1; paths between adapters dip in the middle.
/// </summary>
public static class ProbeModel
{
    public static double Weight(string member, int group) => 0.02 + 0.1 * Unit(member + "#" + group);

    public static double Accuracy(string member, ulong coalition, int groups = 6) =>
        0.1 + Enumerable.Range(0, groups).Where(i => (coalition >> i & 1) != 0).Sum(i => Weight(member, i));

    public static ProbeResult Evaluate(AdapterProbe probe, int groups = 6)
    {
        var shift = probe.Split == "val" ? 0 : 0.01;
        var acc = probe switch
        {
            MaskProbe m => Accuracy(m.Member, m.Coalition, groups) - shift + (m.Task is null ? 0 : 0.001 * m.Task.Length),
            InterpolateProbe i => (1 - i.Lambda) * Accuracy(i.A, ~0UL >> (64 - groups), groups) + i.Lambda * Accuracy(i.B, ~0UL >> (64 - groups), groups)
                                  - (i.Space == "delta" ? 0.3 : 0.5) * i.Lambda * (1 - i.Lambda) - shift,
            MergeProbe g => 0.2 + 0.5 * Unit(string.Join(",", g.Members) + g.Method + g.Task + g.Scale + g.Density + g.DropRate + g.Seed) - shift,
            MagnitudeProbe p => Accuracy(p.Member, ~0UL >> (64 - groups), groups) * (1 - p.Sparsity * p.Sparsity) * (p.Scope == "layer" ? 1 : 0.95) - shift,
            CorruptProbe c => c.Position < 0 ? Unit(c.Member) : Unit(c.Member + "#" + c.Position + c.Mode + c.Value + c.Seed) - shift,
            _ => throw new ArgumentOutOfRangeException(nameof(probe)),
        };
        return new ProbeResult(acc, 2.3 - 2 * acc);
    }

    /// <summary>A stable pseudo-random number in [0, 1) from a string (FNV-1a).</summary>
    public static double Unit(string s) =>
        (s.Aggregate(1469598103934665603UL, (h, c) => (h ^ c) * 1099511628211UL) >> 11) * (1.0 / (1UL << 53));
}
