using static TorchSharp.torch;

namespace CoToSweep.Training.Tests;

public class NativeLoadTests
{
    [Fact]
    public void Libtorch_loads_and_multiplies()
    {
        using var a = ones(2, 3);
        using var b = ones(3, 4);
        using var c = a.matmul(b);
        Assert.Equal(3f, c[1, 2].item<float>());
    }
}
