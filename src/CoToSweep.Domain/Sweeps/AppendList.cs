using System.Collections;
using System.Runtime.CompilerServices;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// An immutable list that only grows at its end, for a sweep's plan order and finish order: a million ids cost about
/// 8 MB of references here against 56 MB of nodes in an <c>ImmutableList</c>, and an append allocates nothing but
/// this small object (the list's tree copied a path of about 20 nodes per append).
/// </summary>
/// <remarks>
/// Versions share one store of fixed-size blocks, each list seeing its first <see cref="Count"/> items. An append to
/// the newest version writes past the others' ends, where they never look. An append to an older version that adds
/// the items already stored after it (<see cref="SweepState.Apply"/> run once to decide and once for real) shares the
/// store too; any other append to an older version copies its items first. An append to an empty list starts a store. Blocks hold 4,096 items, small enough to
/// stay off the large-object heap, and a full block is never copied when another is added.
/// </remarks>
[CollectionBuilder(typeof(AppendList), nameof(AppendList.Create))]
public sealed class AppendList<T> : IReadOnlyList<T>
{
    private const int Shift = 12;
    private const int BlockSize = 1 << Shift;

    private readonly Store _store;

    private AppendList(Store store, int count)
    {
        _store = store;
        Count = count;
    }

    public static AppendList<T> Empty { get; } = new(new Store(), 0);

    public int Count { get; }

    public bool IsEmpty => Count == 0;

    public T this[int index] => (uint)index < (uint)Count
        ? _store.Blocks[index >> Shift][index & (BlockSize - 1)]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"not below the list's {Count} items");

    public AppendList<T> Add(T item) => AddRange([item]);

    public AppendList<T> AddRange(IEnumerable<T> items)
    {
        var list = items as IReadOnlyList<T> ?? items.ToList();
        if (list.Count == 0) return this;
        // The empty list's store stays empty: a store written from it would keep its items alive for good.
        if (Count == 0) return new AppendList<T>(new Store().Appended(list), list.Count);
        lock (_store)
        {
            if (_store.Used == Count) _store.Append(list);
            else if (!_store.Holds(Count, list)) return new AppendList<T>(_store.CopyOf(Count).Appended(list), Count + list.Count);
        }
        return new AppendList<T>(_store, Count + list.Count);
    }

    public IEnumerator<T> GetEnumerator()
    {
        var blocks = _store.Blocks;
        for (var i = 0; i < Count; i++) yield return blocks[i >> Shift][i & (BlockSize - 1)];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The items of every version of one list, written once each. Writes happen under the store's lock.</summary>
    private sealed class Store
    {
        // Replaced, never changed in place, when a block is added, so a reader on another thread always sees whole blocks.
        public T[][] Blocks = [];
        public int Used;

        /// <summary>Whether the items stored from <paramref name="from"/> on start with <paramref name="items"/>.</summary>
        public bool Holds(int from, IReadOnlyList<T> items)
        {
            if (Used - from < items.Count) return false;
            var same = EqualityComparer<T>.Default;
            for (var i = 0; i < items.Count; i++)
                if (!same.Equals(Blocks[(from + i) >> Shift][(from + i) & (BlockSize - 1)], items[i])) return false;
            return true;
        }

        public void Append(IReadOnlyList<T> items)
        {
            foreach (var item in items)
            {
                if ((Used & (BlockSize - 1)) == 0 && Used >> Shift == Blocks.Length) Blocks = [.. Blocks, new T[BlockSize]];
                Blocks[Used >> Shift][Used & (BlockSize - 1)] = item;
                Used++;
            }
        }

        /// <summary>This store (not yet shared) with <paramref name="items"/> appended.</summary>
        public Store Appended(IReadOnlyList<T> items)
        {
            Append(items);
            return this;
        }

        public Store CopyOf(int count)
        {
            var copy = new Store();
            var items = new List<T>(count);
            for (var i = 0; i < count; i++) items.Add(Blocks[i >> Shift][i & (BlockSize - 1)]);
            copy.Append(items);
            return copy;
        }
    }
}

/// <summary>Makes <see cref="AppendList{T}"/>s (and lets <c>[]</c> and <c>[.. items]</c> make them).</summary>
public static class AppendList
{
    public static AppendList<T> Create<T>(ReadOnlySpan<T> items) => AppendList<T>.Empty.AddRange(items.ToArray());
}
