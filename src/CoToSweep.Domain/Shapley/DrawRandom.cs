using CoToSweep.Domain.Search;

namespace CoToSweep.Domain.Shapley;

/// <summary>Per-draw random streams: draw d of a phase always sees the same numbers, whoever computes it.</summary>
internal static class DrawRandom
{
    public static SplitMix64 For(ulong phaseSeed, long draw) => new(SplitMix64.Mix(phaseSeed, (ulong)draw));

    public static ulong PhaseSeed(ulong seed, string method, int phase) =>
        SplitMix64.Mix(SplitMix64.Mix(seed, Fnv(method)), (ulong)phase);

    /// <summary>Uniform integer in [0, bound).</summary>
    public static int Below(this SplitMix64 rng, int bound) => (int)(rng.NextDouble() * bound);

    /// <summary>A uniformly random order of players 0..n-1 (Fisher–Yates).</summary>
    public static int[] Order(this SplitMix64 rng, int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = rng.Below(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>Masks of the first 0..n players of an order (n + 1 prefixes).</summary>
    public static ulong[] Prefixes(int[] order)
    {
        var prefixes = new ulong[order.Length + 1];
        for (var k = 0; k < order.Length; k++) prefixes[k + 1] = prefixes[k] | (1UL << order[k]);
        return prefixes;
    }

    private static ulong Fnv(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in text) hash = (hash ^ ch) * 1099511628211UL;
        return hash;
    }
}
