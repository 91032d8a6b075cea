using CoToSweep.Training.Adapters;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Merging;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Tests;

/// <summary>The delta-set merges on small hand-computed matrices, and merges of an adapter with itself.</summary>
public class MergeTests
{
    private static DeltaSet One(float[] v, params long[] shape) => new(new Dictionary<string, Tensor> { ["p"] = tensor(v, shape) });

    private static float[] P(DeltaSet d) => d.Tensors["p"].data<float>().ToArray();

    private static readonly float[] A = [1, 2, 3, 4], B = [5, 6, 7, 8];

    [Fact]
    public void Interpolate_average_and_task_arithmetic()
    {
        using var a = One(A, 2, 2);
        using var b = One(B, 2, 2);
        using (var i = LinearMerges.Interpolate(a, b, 0.25)) Assert.Equal([2, 3, 4, 5], P(i));
        using (var m = LinearMerges.Average([a, b])) Assert.Equal([3, 4, 5, 6], P(m));
        using (var t = LinearMerges.TaskArithmetic([a, b], 2)) Assert.Equal([12, 16, 20, 24], P(t));
        Assert.Equal(A, P(a)); // inputs untouched
    }

    [Fact]
    public void A_set_without_a_tensor_contributes_zeros_as_an_untrained_head_does()
    {
        using var withHead = new DeltaSet(new Dictionary<string, Tensor> { ["p"] = tensor(A, [2, 2]), [DeltaSet.HeadBias] = tensor(new float[] { 2, 4 }) });
        using var without = One(B, 2, 2);
        using var m = LinearMerges.Average([withHead, without]);
        Assert.Equal([1, 2], m.Tensors[DeltaSet.HeadBias].data<float>().ToArray());
    }

    [Fact]
    public void Ties_trims_elects_signs_by_mass_and_takes_the_disjoint_mean()
    {
        // density 0.5 keeps two of four: [0, 0, 3, −4], [−3, 0, 0, 4], [2, 0, 0, 5]; mass [−1, 0, 3, 5] elects [−, none, +, +].
        using var t1 = One([1, -2, 3, -4], 1, 4);
        using var t2 = One([-3, 1, 1, 4], 1, 4);
        using var t3 = One([2, 0.5f, -1, 5], 1, 4);
        using var m = Ties.Merge([t1, t2, t3], density: 0.5, scale: 2);
        Assert.Equal([-6, 0, 6, 9], P(m)); // 2 · [−3, 0, 3, (4 + 5)/2]
    }

    [Fact]
    public void Dare_drops_about_the_rate_rescales_survivors_and_is_fixed_by_its_seed()
    {
        using var g = new Generator(3);
        using var t = new DeltaSet(new Dictionary<string, Tensor> { ["p"] = Optim.Scalars.Add(rand([40, 25], generator: g), 1) });
        using var d = Dare.Merge([t], 0.5, seed: 9);
        var (values, original) = (P(d), P(t));
        var zeros = values.Count(v => v == 0);
        Assert.InRange(zeros, 400, 600);
        Assert.All(Enumerable.Range(0, values.Length), i => Assert.True(values[i] == 0 || values[i] == original[i] * 2));
        using (var again = Dare.Merge([t], 0.5, seed: 9)) Assert.Equal(values, P(again));
        using (var other = Dare.Merge([t], 0.5, seed: 10)) Assert.NotEqual(values, P(other));
        using (var none = Dare.Merge([t, t], 0, seed: 9)) Assert.Equal(original, P(none));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dare.Merge([t], 1, 9));
    }

    [Fact]
    public void Merging_an_adapter_with_itself_gives_that_adapter()
    {
        using var g = new Generator(21);
        using var a = new DeltaSet(new Dictionary<string, Tensor> { ["p"] = randn([6, 5], generator: g), [DeltaSet.HeadWeight] = randn([3, 6], generator: g) });
        foreach (var lambda in new[] { 0.0, 0.3, 0.5, 0.9, 1.0 })
            using (var i = LinearMerges.Interpolate(a, a, lambda))
                foreach (var n in a.Names) Assert.True(i.Tensors[n].allclose(a.Tensors[n], rtol: 1e-6, atol: 1e-7), $"λ = {lambda}");
        using (var m = LinearMerges.Average([a, a])) foreach (var n in a.Names) TensorAssert.Same(a.Tensors[n], m.Tensors[n]);
        using (var m = Ties.Merge([a, a], density: 1, scale: 1)) foreach (var n in a.Names) TensorAssert.Same(a.Tensors[n], m.Tensors[n]);
    }

    [Fact]
    public void Factor_interpolation_rebuilds_the_adapter_from_interpolated_factors_with_cross_terms()
    {
        // LoRA r = 1, α = 2 (s = 2): A1 = [1 0], B1 = [1 0]ᵀ and A2 = [0 1], B2 = [0 1]ᵀ. At λ = ½ the factors are
        // [½ ½] and [½ ½]ᵀ, so ΔW = 2·¼·𝟙 = ½ everywhere; interpolating ΔW instead gives the identity.
        using var a = Lora(tensor(new float[] { 1, 0 }, [1, 2]), tensor(new float[] { 1, 0 }, [2, 1]));
        using var b = Lora(tensor(new float[] { 0, 1 }, [1, 2]), tensor(new float[] { 0, 1 }, [2, 1]));
        using (var f = FactorInterpolation.Interpolate(a, b, 0.5)) Assert.Equal([0.5f, 0.5f, 0.5f, 0.5f], f.Tensors["p"].data<float>().ToArray());
        using (var d = LinearMerges.Interpolate(a.Deltas, b.Deltas, 0.5)) Assert.Equal([1f, 0, 0, 1], d.Tensors["p"].data<float>().ToArray());
        using (var end = FactorInterpolation.Interpolate(a, b, 0)) TensorAssert.Same(a.Deltas.Tensors["p"], end.Tensors["p"]);
    }

    private static AdapterTensors Lora(Tensor loraA, Tensor loraB)
    {
        var spec = new AdapterSpec("lora", 1, 2);
        var factors = new Dictionary<string, Tensor> { ["lora_A.weight"] = loraA, ["lora_B.weight"] = loraB };
        var w0 = zeros(2, 2);
        var deltas = new DeltaSet(new Dictionary<string, Tensor> { ["p"] = AdapterFactory.DeltaWeight(spec, w0, factors) });
        return new AdapterTensors(new CotoConfig { Adapter = spec },
            new Dictionary<string, IReadOnlyDictionary<string, Tensor>> { ["p"] = factors }, new Dictionary<string, Tensor> { ["p"] = w0 }, deltas);
    }
}
