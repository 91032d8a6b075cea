using System.Collections.Concurrent;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// One instance per distinct text for strings that many trials repeat (a worker's name, the artifact root): every
/// decoded event brings its own copy, and a million trials would otherwise keep a million copies of a few names.
/// Bounded, so that texts that are all different (reasons, say) cannot grow it without end: past the cap a text
/// stays its own copy.
/// </summary>
public static class SharedText
{
    private const int Capacity = 4096;
    private static readonly ConcurrentDictionary<string, string> Texts = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan = Texts.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string? Of(string? text)
    {
        if (text is null) return null;
        if (Texts.TryGetValue(text, out var shared)) return shared;
        return Texts.Count >= Capacity ? text : Texts.GetOrAdd(text, text);
    }

    /// <summary>The shared text equal to <paramref name="text"/>, made only the first time.</summary>
    public static string Of(ReadOnlySpan<char> text) => BySpan.TryGetValue(text, out var shared) ? shared : Of(text.ToString())!;
}
