namespace CoToSweep.Domain.Search;

/// <summary>
/// Direction numbers of a Sobol sequence, 32 bits per coordinate. Dimension 0 is van der Corput's sequence; dimension j
/// uses the j-th primitive polynomial over GF(2) (by degree, then value), found here by testing the order of x, with
/// initial direction numbers m_k (odd, below 2^k) drawn from a fixed generator: any such choice gives a Sobol sequence
/// whose one-dimensional projections are (0,1)-sequences, so the first 2^k points of every axis fill its 2^k cells once.
/// </summary>
internal static class SobolDirections
{
    public const int Bits = 32;
    private static readonly Lazy<List<(int Degree, uint Poly)>> Polynomials = new(() => FindPrimitive(12));
    private static readonly Dictionary<int, uint[]> Cache = [];

    public static int MaxDimensions => Polynomials.Value.Count + 1;

    /// <summary>V[k] for bit k of the point index.</summary>
    public static uint[] For(int dimension)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(dimension, out var v)) return v;
            return Cache[dimension] = Make(dimension);
        }
    }

    private static uint[] Make(int dimension)
    {
        var v = new uint[Bits];
        if (dimension == 0)
        {
            for (var k = 0; k < Bits; k++) v[k] = 1u << (Bits - 1 - k);
            return v;
        }
        var (s, poly) = Polynomials.Value[dimension - 1];
        var m = new ulong[Bits + 1];
        var rng = new SplitMix64(SplitMix64.Mix(0x50B0, (ulong)dimension));
        for (var k = 1; k <= Math.Min(s, Bits); k++) m[k] = (rng.NextULong() % (1UL << (k - 1))) * 2 + 1;
        for (var k = s + 1; k <= Bits; k++)
        {
            // m_k = 2a_1 m_{k-1} ⊕ 4a_2 m_{k-2} ⊕ … ⊕ 2^{s-1} a_{s-1} m_{k-s+1} ⊕ 2^s m_{k-s} ⊕ m_{k-s}
            var next = m[k - s] ^ (m[k - s] << s);
            for (var i = 1; i < s; i++)
                if (((poly >> (s - i)) & 1) == 1) next ^= m[k - i] << i;
            m[k] = next;
        }
        for (var k = 1; k <= Bits; k++) v[k - 1] = (uint)(m[k] << (Bits - k));
        return v;
    }

    /// <summary>Primitive polynomials of degree 1..maxDegree as bit masks (bit d = x^d), excluding x.</summary>
    private static List<(int, uint)> FindPrimitive(int maxDegree)
    {
        var found = new List<(int, uint)>();
        for (var d = 1; d <= maxDegree; d++)
            for (var p = (1u << d) | 1; p < 1u << (d + 1); p += 2)
                if (IsPrimitive(p, d)) found.Add((d, p));
        return found;
    }

    private static bool IsPrimitive(uint poly, int degree)
    {
        var order = (1UL << degree) - 1;
        if (PowX(order, poly, degree) != 1) return false;
        foreach (var q in PrimeFactors(order))
            if (PowX(order / q, poly, degree) == 1) return false;
        return true;
    }

    /// <summary>x^e mod poly over GF(2).</summary>
    private static ulong PowX(ulong e, uint poly, int degree)
    {
        ulong result = 1, basis = degree == 1 ? (2UL ^ poly) & 1 : 2;
        while (e > 0)
        {
            if ((e & 1) == 1) result = MulMod(result, basis, poly, degree);
            basis = MulMod(basis, basis, poly, degree);
            e >>= 1;
        }
        return result;
    }

    private static ulong MulMod(ulong a, ulong b, uint poly, int degree)
    {
        ulong r = 0;
        while (b > 0)
        {
            if ((b & 1) == 1) r ^= a;
            b >>= 1;
            a <<= 1;
            if (((a >> degree) & 1) == 1) a ^= poly;
        }
        return r;
    }

    private static IEnumerable<ulong> PrimeFactors(ulong n)
    {
        for (ulong f = 2; f * f <= n; f++)
        {
            if (n % f != 0) continue;
            yield return f;
            while (n % f == 0) n /= f;
        }
        if (n > 1) yield return n;
    }
}
