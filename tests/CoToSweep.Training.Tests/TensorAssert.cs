using static TorchSharp.torch;

namespace CoToSweep.Training.Tests;

public static class TensorAssert
{
    /// <summary>Same shape and the same float32 values, bit for bit.</summary>
    public static void Same(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
    }
}
