namespace CoToSweep.Domain.Search;

/// <summary>
/// A tiny, fully specified generator (SplitMix64). Samplers use it instead of System.Random so that the same
/// sweep file plans the same trials on every .NET version and machine.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>The generator <paramref name="draws"/> draws after <paramref name="seed"/>: its state only ever adds a constant.</summary>
    public static SplitMix64 Skipped(ulong seed, ulong draws) => new(unchecked(seed + draws * 0x9E3779B97F4A7C15UL));

    public static ulong Mix(ulong a, ulong b) => new SplitMix64(a * 0x9E3779B97F4A7C15UL ^ b).NextULong();
}
