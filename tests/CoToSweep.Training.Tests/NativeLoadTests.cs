using TorchSharp;
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

    [Fact]
    public void Devices_are_named_auto_cpu_cuda_or_one_gpu()
    {
        Assert.Equal(DeviceType.CPU, TorchRuntime.ChooseDevice("cpu").type);
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, TorchRuntime.ChooseDevice("auto").type);
        if (!cuda.is_available())
            Assert.Contains("this node has 0 CUDA device(s)", Assert.Throws<InvalidOperationException>(() => TorchRuntime.ChooseDevice("cuda:1")).Message);
        Assert.Throws<ArgumentException>(() => TorchRuntime.ChooseDevice("cuda:x"));
        Assert.Throws<ArgumentException>(() => TorchRuntime.ChooseDevice("tpu"));
    }
}
