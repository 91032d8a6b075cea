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
        _ => throw new ArgumentException($"unknown device '{preference}' (auto, cpu or cuda)"),
    };

    /// <summary>Sets torch's intra-op threads (process-wide); with N parallel slots each should get cores/N, usually 1.</summary>
    public static void SetThreads(int threads)
    {
        if (threads >= 1 && get_num_threads() != threads) set_num_threads(threads);
    }
}
