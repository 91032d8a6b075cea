using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training;

/// <summary>Device choice and thread count. Torch's thread count is process-wide, so it is set once per slot layout.</summary>
public static class TorchRuntime
{
    /// <summary><c>auto</c> (CUDA when available, else CPU), <c>cpu</c> or <c>cuda</c>.</summary>
    public static Device ChooseDevice(string preference = "auto") => preference switch
    {
        "cpu" => CPU,
        "cuda" when cuda.is_available() => CUDA,
        "cuda" => throw new InvalidOperationException("device 'cuda' was asked for but CUDA is not available (CPU build of libtorch, or no GPU)"),
        "auto" => cuda.is_available() ? CUDA : CPU,
        // One GPU of a multi-GPU node, for work done inside a worker process (which sees every GPU).
        _ when preference.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(preference[5..], out var index) && index >= 0 =>
            cuda.is_available() && index < cuda.device_count()
                ? new Device(DeviceType.CUDA, index)
                : throw new InvalidOperationException($"device '{preference}' was asked for but this node has {(cuda.is_available() ? cuda.device_count() : 0)} CUDA device(s)"),
        _ => throw new ArgumentException($"unknown device '{preference}' (auto, cpu, cuda or cuda:N)"),
    };

    /// <summary>Sets torch's intra-op threads (process-wide); with N parallel slots each should get cores/N, usually 1.</summary>
    public static void SetThreads(int threads)
    {
        if (threads >= 1 && get_num_threads() != threads) set_num_threads(threads);
    }
}
