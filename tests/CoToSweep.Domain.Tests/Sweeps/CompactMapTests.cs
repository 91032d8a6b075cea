using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Tests.Sweeps;

public sealed class CompactMapTests
{
    [Fact]
    public void A_compact_map_reads_like_the_dictionary_it_came_from_in_the_same_order()
    {
        var source = new Dictionary<string, double> { ["val_acc"] = 0.5, ["loss"] = double.NaN, ["step"] = 3 };
        var map = CompactMap.From(source);
        Assert.Equal(source.ToList(), map.ToList());
        Assert.Equal(0.5, map["val_acc"]);
        Assert.True(map.ContainsKey("loss"));
        Assert.False(map.TryGetValue("lr", out _));
        Assert.Throws<KeyNotFoundException>(() => map["lr"]);
        Assert.Equal(["val_acc", "loss", "step"], map.Keys);
        Assert.Same(map, CompactMap.From(map));
    }

    [Fact]
    public void Equal_key_sets_share_one_array()
    {
        var a = CompactMap.Shared(["x", "shape"]);
        var b = CompactMap.Shared([new string("x".AsSpan()), "shape"]);
        Assert.Same(a, b);
        Assert.NotSame(a, CompactMap.Shared(["shape", "x"]));
    }
}
