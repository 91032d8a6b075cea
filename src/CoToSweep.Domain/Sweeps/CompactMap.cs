using System.Diagnostics.CodeAnalysis;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// A small read-only map over a key array that many maps share (every trial of a sweep has the same parameter and
/// metric names): one values array per map instead of a hash table, and for one or two values (a no-op trial's
/// parameter, its two metrics) the values held in the map itself, with no array: 56 and 40 bytes instead of 88 and 72,
/// 64 bytes a trial (measured with GC.GetAllocatedBytesForCurrentThread). Lookups are a linear scan: these maps hold a
/// handful of keys. Made by <see cref="CompactMap.Of"/> and <see cref="CompactMap.From"/>.
/// </summary>
public abstract class CompactMap<T> : IReadOnlyDictionary<string, T>
{
    private readonly string[] _keys;

    private protected CompactMap(string[] keys) => _keys = keys;

    private protected abstract T ValueAt(int index);

    public int Count => _keys.Length;

    public IEnumerable<string> Keys => _keys;

    public IEnumerable<T> Values => Enumerable.Range(0, _keys.Length).Select(ValueAt);

    public T this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no '{key}' in this map");

    public bool ContainsKey(string key) => Array.IndexOf(_keys, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value)
    {
        var i = Array.IndexOf(_keys, key);
        value = i >= 0 ? ValueAt(i) : default;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++) yield return KeyValuePair.Create(_keys[i], ValueAt(i));
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

    /// <summary>The map of <paramref name="keys"/> (shared: see <see cref="Shared"/>) to <paramref name="values"/>, index by index.</summary>
    public static CompactMap<T> Of<T>(string[] keys, T[] values)
    {
        if (keys.Length != values.Length) throw new ArgumentException($"{keys.Length} keys for {values.Length} values");
        return values.Length switch
        {
            1 => new OneValue<T>(keys, values[0]),
            2 => new TwoValues<T>(keys, values[0], values[1]),
            _ => new ValueArray<T>(keys, values),
        };
    }

    private sealed class OneValue<T>(string[] keys, T value) : CompactMap<T>(keys)
    {
        private protected override T ValueAt(int index) => value;
    }

    private sealed class TwoValues<T>(string[] keys, T first, T second) : CompactMap<T>(keys)
    {
        private protected override T ValueAt(int index) => index == 0 ? first : second;
    }

    private sealed class ValueArray<T>(string[] keys, T[] values) : CompactMap<T>(keys)
    {
        private protected override T ValueAt(int index) => values[index];
    }

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
        return Of(Shared(keys), values);
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
        return Of(last, values);
    }

    private static class Empty<T>
    {
        public static readonly CompactMap<T> Map = Of<T>([], []);
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
