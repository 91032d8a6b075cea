using System.Diagnostics.CodeAnalysis;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// A small read-only map over a key array that many maps share (every trial of a sweep has the same parameter and
/// metric names): one values array per map instead of a hash table. A trial's parameters and metrics restored from a
/// snapshot take about 60 bytes each this way instead of about 220 (a restored state holds about 700 bytes per trial).
/// Lookups are a linear scan: these maps hold a handful of keys.
/// </summary>
public sealed class CompactMap<T>(string[] keys, T[] values) : IReadOnlyDictionary<string, T>
{
    public int Count => keys.Length;

    public IEnumerable<string> Keys => keys;

    public IEnumerable<T> Values => values;

    public T this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no '{key}' in this map");

    public bool ContainsKey(string key) => Array.IndexOf(keys, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value)
    {
        var i = Array.IndexOf(keys, key);
        value = i >= 0 ? values[i] : default;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator()
    {
        for (var i = 0; i < keys.Length; i++) yield return KeyValuePair.Create(keys[i], values[i]);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Builds <see cref="CompactMap{T}"/>s whose key arrays are shared process-wide.</summary>
public static class CompactMap
{
    // Distinct name sets are few (a sweep's parameters, its metrics); a trial inventing names at every report must not
    // grow this without bound, so past the cap a map keeps its own keys.
    private const int MaxKeySets = 4096;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> KeySets = new(StringComparer.Ordinal);

    /// <summary>The same entries in the same order, in a compact map (the map itself when it already is one).</summary>
    public static IReadOnlyDictionary<string, T> From<T>(IReadOnlyDictionary<string, T> map)
    {
        if (map is CompactMap<T>) return map;
        if (map.Count == 0) return Empty<T>.Map;
        if (SameKeysAsLast(map) is { } compact) return compact;
        var keys = new string[map.Count];
        var values = new T[map.Count];
        var i = 0;
        foreach (var (key, value) in map)
        {
            keys[i] = key;
            values[i++] = value;
        }
        return new CompactMap<T>(Shared(keys), values);
    }

    /// <summary>The map over the key set asked for last when <paramref name="map"/> has those keys in that order (no key array made).</summary>
    private static CompactMap<T>? SameKeysAsLast<T>(IReadOnlyDictionary<string, T> map)
    {
        if (_last is not { } last || last.Length != map.Count) return null;
        var values = new T[last.Length];
        var i = 0;
        foreach (var (key, value) in map)
        {
            if (!string.Equals(key, last[i], StringComparison.Ordinal)) return null;
            values[i++] = value;
        }
        return new CompactMap<T>(last, values);
    }

    private static class Empty<T>
    {
        public static readonly CompactMap<T> Map = new([], []);
    }

    // The two sets asked for last, per thread: replay and a running sweep ask for the same two (parameters, metrics)
    // trial after trial, and a hit costs no joined string.
    [ThreadStatic] private static string[]? _last;
    [ThreadStatic] private static string[]? _before;

    /// <summary>One array per distinct sequence of names (and one instance per name), so equal key sets cost nothing twice.</summary>
    public static string[] Shared(string[] keys)
    {
        if (_last is { } last && last.AsSpan().SequenceEqual(keys)) return last;
        if (_before is { } before && before.AsSpan().SequenceEqual(keys)) (_before, _last) = (_last, before);
        else (_before, _last) = (_last, SharedSet(keys));
        return _last;
    }

    private static string[] SharedSet(string[] keys)
    {
        var joined = string.Join('\u0001', keys);
        if (KeySets.TryGetValue(joined, out var shared)) return shared;
        if (KeySets.Count >= MaxKeySets) return keys;
        return KeySets.GetOrAdd(joined, keys);
    }
}
