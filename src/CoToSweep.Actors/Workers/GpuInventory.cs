using TorchSharp;

namespace CoToSweep.Actors.Workers;

/// <summary>How many CUDA devices this node has. Small on purpose, so tests can give a fixed list.</summary>
public interface IGpuInventory
{
    int DeviceCount { get; }
}

/// <summary>A fixed device count (tests, and <c>COTOSWEEP_GPU_DEVICES</c> for dry runs on machines without GPUs).</summary>
public sealed record FixedGpuInventory(int DeviceCount) : IGpuInventory;

/// <summary>Asks TorchSharp (libtorch) for the CUDA device count; 0 with the CPU build.</summary>
public sealed class TorchGpuInventory : IGpuInventory
{
    public int DeviceCount => torch.cuda.is_available() ? torch.cuda.device_count() : 0;

    /// <summary>The inventory a node uses: the override variable when set, else libtorch.</summary>
    public static IGpuInventory ForThisNode() =>
        int.TryParse(Environment.GetEnvironmentVariable("COTOSWEEP_GPU_DEVICES"), out var n) && n >= 0
            ? new FixedGpuInventory(n)
            : new TorchGpuInventory();
}
