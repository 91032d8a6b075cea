using CoToSweep.Actors.Workers;

namespace CoToSweep.Actors.Tests.Workers;

/// <summary>Slot discovery against fixed device lists (the interface the real TorchSharp inventory sits behind).</summary>
public sealed class SlotPlanTests
{
    private static readonly FixedGpuInventory TwoGpus = new(2), NoGpu = new(0);

    [Fact]
    public void One_slot_per_gpu_by_default_and_cpu_slots_where_there_is_none()
    {
        Assert.Equal(["gpu-0", "gpu-1"], SlotPlan.Make(null, null, TwoGpus).Select(s => s.Name));
        Assert.All(SlotPlan.Make(null, null, TwoGpus), s => Assert.Equal(1, s.Gpus));
        Assert.Equal(Environment.ProcessorCount, SlotPlan.Make(null, null, NoGpu).Count);
        Assert.All(SlotPlan.Make(null, null, NoGpu), s => Assert.Equal(("", 0), (s.CudaVisibleDevices, s.Gpus)));
    }

    [Fact]
    public void Lists_all_none_and_mixed_cpu_slots()
    {
        Assert.Equal(["gpu-1"], SlotPlan.Make("1", null, TwoGpus).Select(s => s.Name));
        Assert.Equal("1", SlotPlan.Make("1", null, TwoGpus)[0].CudaVisibleDevices);
        Assert.Equal("cuda:1", SlotPlan.Make("1", null, TwoGpus)[0].InProcessDevice);
        Assert.Equal(["cuda:0", "cuda:1", "cpu"], SlotPlan.Make("all", 1, TwoGpus).Select(s => s.InProcessDevice));
        Assert.Equal(["gpu-0", "gpu-1", "cpu-0"], SlotPlan.Make("all", 1, TwoGpus).Select(s => s.Name));
        Assert.Equal(["cpu-0", "cpu-1", "cpu-2"], SlotPlan.Make("none", 3, TwoGpus).Select(s => s.Name));
        Assert.Equal(["cpu-0"], SlotPlan.Make(null, 1, TwoGpus).Select(s => s.Name));
    }

    [Theory]
    [InlineData("2", "GPU 2 was asked for but this node has 2 (0-1)")]
    [InlineData("0,0", "GPU 0 is listed twice")]
    [InlineData("x", "'x' is not a device index")]
    public void Asking_for_gpus_the_node_lacks_is_a_clear_error(string gpus, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => SlotPlan.Make(gpus, null, TwoGpus));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void All_on_a_node_without_gpus_is_an_error()
    {
        Assert.Contains("no CUDA device", Assert.Throws<ArgumentException>(() => SlotPlan.Make("all", null, NoGpu)).Message);
        Assert.Contains("no CUDA device", Assert.Throws<ArgumentException>(() => SlotPlan.Make("0", null, NoGpu)).Message);
        Assert.Contains("no slots", Assert.Throws<ArgumentException>(() => SlotPlan.Make("none", 0, NoGpu)).Message);
    }
}
