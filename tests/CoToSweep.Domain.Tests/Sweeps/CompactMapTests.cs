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

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_map_of_any_size_gives_back_each_value_under_its_key_in_order(int size)
    {
        var source = Enumerable.Range(0, size).ToDictionary(i => $"m{i}", i => i == 1 ? double.NaN : i + 0.5);
        var map = CompactMap.From(source);
        Assert.Equal(source.ToList(), map.ToList());
        Assert.Equal(source.Values, map.Values);
        Assert.Equal(size, map.Count);
        foreach (var (key, value) in source) Assert.Equal(value, map[key]);
        Assert.False(map.ContainsKey("absent"));
        var parameters = CompactMap.Of(source.Keys.ToArray(), source.Values.Select(v => ParamValue.Of(v.ToString("R"))).ToArray());
        Assert.Equal(source.Values.Select(v => v.ToString("R")), parameters.Values.Select(v => v.Text));
    }

    [Fact]
    public void Keys_and_values_must_pair_up()
    {
        Assert.Throws<ArgumentException>(() => CompactMap.Of(["a", "b"], [1.0]));
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
