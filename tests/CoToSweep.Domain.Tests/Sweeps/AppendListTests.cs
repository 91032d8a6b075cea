using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Tests.Sweeps;

/// <summary>Every version of an <see cref="AppendList{T}"/> keeps its own items, however the versions share their store.</summary>
public sealed class AppendListTests
{
    private static List<string> Ids(int from, int count) => Enumerable.Range(from, count).Select(i => $"t{i}").ToList();

    [Fact]
    public void Appending_to_the_newest_version_leaves_every_older_one_as_it_was()
    {
        AppendList<string> empty = [];
        var one = empty.Add("a");
        var three = one.AddRange(["b", "c"]);
        Assert.Empty(empty);
        Assert.Equal(["a"], one);
        Assert.Equal(["a", "b", "c"], three);
        Assert.Equal("c", three[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => one[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => three[-1]);
    }

    [Fact]
    public void Appending_other_items_to_an_older_version_keeps_both_versions_items()
    {
        var older = AppendList<string>.Empty.AddRange(Ids(0, 10));
        var newer = older.AddRange(Ids(10, 5));
        var other = older.AddRange(["x", "y"]);
        var more = newer.Add("z");
        Assert.Equal(Ids(0, 15), newer);
        Assert.Equal([.. Ids(0, 10), "x", "y"], other);
        Assert.Equal([.. Ids(0, 15), "z"], more);
        Assert.Equal(Ids(0, 10), older);
        Assert.Equal([.. Ids(0, 10), "x", "y", "w"], other.Add("w"));
    }

    [Fact]
    public void Appending_to_an_older_version_the_items_stored_after_it_gives_the_same_list_and_later_appends_stay_apart()
    {
        // What SweepState.Apply does: an event applied once to decide, then once for real to the same older state.
        var older = AppendList<string>.Empty.AddRange(Ids(0, 3));
        var decided = older.AddRange(Ids(3, 2));
        var real = older.AddRange(Ids(3, 2));
        Assert.Equal(decided, real);
        var next = real.Add("n");
        var branch = decided.Add("b");
        Assert.Equal([.. Ids(0, 5), "n"], next);
        Assert.Equal([.. Ids(0, 5), "b"], branch);
        Assert.Equal(Ids(0, 3).Concat(["t3"]), older.AddRange(Ids(3, 1)));
    }

    [Fact]
    public void Items_past_a_block_are_indexed_and_enumerated_in_order()
    {
        var items = Ids(0, 10_000);
        var list = AppendList<string>.Empty;
        foreach (var chunk in items.Chunk(1000)) list = list.AddRange(chunk);
        Assert.Equal(10_000, list.Count);
        Assert.Equal(items, list);
        Assert.Equal("t4095", list[4095]);
        Assert.Equal("t4096", list[4096]);
        Assert.Equal("t9999", list[9_999]);
        var forked = list.AddRange(["x"]);
        var halfway = AppendList<string>.Empty.AddRange(items.Take(5000)).AddRange(["y"]);
        Assert.Equal("x", forked[10_000]);
        Assert.Equal([.. items.Take(5000), "y"], halfway);
    }
}
