using CoToSweep.Training.Merging;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Tests;

public class MagnitudePruningTests
{
    private static Tensor T(float[] v, params long[] shape) => tensor(v, shape);

    private static DeltaSet Set(params (string Name, Tensor T)[] entries) => new(entries.ToDictionary(e => e.Name, e => e.T));

    private static float[] Values(DeltaSet d, string name) => d.Tensors[name].data<float>().ToArray();

    [Fact]
    public void Layer_scope_zeros_the_smallest_magnitudes_of_each_projection()
    {
        using var d = Set(("blocks.0.attn.q", T([0.5f, -3, 2, -0.1f], 2, 2)), ("blocks.0.attn.v", T([1, 2, 5, 6], 2, 2)));
        using var pruned = MagnitudePruning.Prune(d, 0.5, "layer");
        Assert.Equal([0, -3, 2, 0], Values(pruned, "blocks.0.attn.q"));
        Assert.Equal([0, 0, 5, 6], Values(pruned, "blocks.0.attn.v"));
        Assert.Equal([2L, 2L], pruned.Tensors["blocks.0.attn.q"].shape);
    }

    [Fact]
    public void Global_scope_ranks_all_projections_together_and_keeps_the_head()
    {
        using var d = Set(("blocks.0.attn.q", T([1, 2], 1, 2)), ("blocks.1.attn.q", T([5, 6], 1, 2)), (DeltaSet.HeadBias, T([0.01f, 0.02f], 2)));
        using var pruned = MagnitudePruning.Prune(d, 0.5, "global");
        Assert.Equal([0, 0], Values(pruned, "blocks.0.attn.q"));
        Assert.Equal([5, 6], Values(pruned, "blocks.1.attn.q"));
        Assert.Equal([0.01f, 0.02f], Values(pruned, DeltaSet.HeadBias));
    }

    [Fact]
    public void Equal_magnitudes_go_in_row_major_order()
    {
        using var d = Set(("p", T([1, -1, 1, 2], 1, 4)));
        using var pruned = MagnitudePruning.Prune(d, 0.5, "layer");
        Assert.Equal([0, 0, 1, 2], Values(pruned, "p"));
    }

    [Theory]
    [InlineData("layer")]
    [InlineData("global")]
    public void Exactly_the_asked_fraction_is_zero_and_the_ends_are_unchanged_and_all_zero(string scope)
    {
        using var g = new Generator(5);
        using var d = Set(("a", randn([7, 13], generator: g)), ("b", randn([4, 5], generator: g)), (DeltaSet.HeadWeight, randn([3, 4], generator: g)));
        using (var pruned = MagnitudePruning.Prune(d, 0.3, scope))
        {
            long Zeros(string n) => pruned.Tensors[n].eq(zeros_like(pruned.Tensors[n])).sum().item<long>();
            if (scope == "layer")
            {
                Assert.Equal(27, Zeros("a")); // round(0.3 · 91)
                Assert.Equal(6, Zeros("b")); // 0.3 · 20
            }
            else Assert.Equal(33, Zeros("a") + Zeros("b")); // round(0.3 · 111), the head not counted
            Assert.Equal(0, Zeros(DeltaSet.HeadWeight));
        }
        using (var none = MagnitudePruning.Prune(d, 0, scope))
            foreach (var n in d.Names) TensorAssert.Same(d.Tensors[n], none.Tensors[n]);
        using (var all = MagnitudePruning.Prune(d, 1, scope))
        {
            Assert.Equal(0, all.Tensors["a"].abs().sum().item<float>());
            Assert.Equal(0, all.Tensors["b"].abs().sum().item<float>());
            TensorAssert.Same(d.Tensors[DeltaSet.HeadWeight], all.Tensors[DeltaSet.HeadWeight]);
        }
    }

    [Fact]
    public void Unknown_scope_and_out_of_range_sparsity_are_refused()
    {
        using var d = Set(("p", T([1, 2], 1, 2)));
        Assert.Contains("layer or global", Assert.Throws<ArgumentException>(() => MagnitudePruning.Prune(d, 0.5, "row")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => MagnitudePruning.Prune(d, 1.5, "layer"));
    }
}
