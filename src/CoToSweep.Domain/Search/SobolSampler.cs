using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>
/// A scrambled Sobol sequence, one coordinate per dimension of the space (active or not), seeded by <c>search.seed</c>:
/// a random linear matrix scramble (lower-triangular, unit diagonal) and a random digital shift per coordinate, which keep
/// the sequence's balance (every axis's first 2^k points fill its 2^k cells once) while different seeds give different points.
/// </summary>
public sealed class SobolSampler : ISampler
{
    public string Name => "sobol";

    public bool IsAdaptive => false;

    // 2^32 points: unbounded for a sweep, which always gives max_trials.
    public long? Size(SearchSpec search) => null;

    public IReadOnlyDictionary<string, ParamValue> Propose(SearchSpec search, long index, SearchHistory history) =>
        ActiveConfig.Build(search, (k, d) => d.Sample(Point(search.Seed, k, (ulong)index)));

    /// <summary>Coordinate <paramref name="dimension"/> of point <paramref name="index"/>, on [0, 1).</summary>
    public static double Point(long seed, int dimension, ulong index)
    {
        var (v, shift) = Scrambled(seed, dimension);
        var x = shift;
        for (var k = 0; index != 0; k++, index >>= 1)
            if ((index & 1) == 1) x ^= v[k];
        return x * (1.0 / (1UL << SobolDirections.Bits));
    }

    private static readonly Dictionary<(long, int), (uint[], uint)> Scrambles = [];

    private static (uint[] V, uint Shift) Scrambled(long seed, int dimension)
    {
        lock (Scrambles)
        {
            if (Scrambles.TryGetValue((seed, dimension), out var s)) return s;
            if (Scrambles.Count > 4096) Scrambles.Clear();
            var rng = new SplitMix64(SplitMix64.Mix((ulong)seed, 0x5C0B0000UL + (ulong)dimension));
            // Row i of the lower-triangular matrix L: bit i set, random bits above it (the more significant output bits).
            var rows = new uint[SobolDirections.Bits];
            for (var i = 0; i < rows.Length; i++)
            {
                var top = 1u << (SobolDirections.Bits - 1 - i);
                rows[i] = top | ((uint)rng.NextULong() & ~(top | (top - 1)));
            }
            var v = SobolDirections.For(dimension).Select(col => Multiply(rows, col)).ToArray();
            return Scrambles[(seed, dimension)] = (v, (uint)rng.NextULong());
        }
    }

    /// <summary>L·c over GF(2): output bit i (from the top) is the parity of row i and c.</summary>
    private static uint Multiply(uint[] rows, uint column)
    {
        uint r = 0;
        for (var i = 0; i < rows.Length; i++)
            if ((System.Numerics.BitOperations.PopCount(rows[i] & column) & 1) == 1) r |= 1u << (SobolDirections.Bits - 1 - i);
        return r;
    }
}
