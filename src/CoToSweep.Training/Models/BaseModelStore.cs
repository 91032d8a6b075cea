using System.Collections.Concurrent;
using CoToSweep.Training.Checkpoints;
using CoToSweep.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Models;

/// <summary>
/// Pretrained base models cached on disk as <c>vit-&lt;hash&gt;.safetensors</c>, keyed by the configuration and the
/// fingerprint of the data. Concurrent trials wait for a single pretraining: threads of one process on a
/// semaphore per key, processes on an exclusive lock file next to the cache entry.
/// </summary>
public sealed class BaseModelStore(string cacheDirectory)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new();

    public string CacheDirectory { get; } = cacheDirectory;

    public string PathFor(VitConfig c, FashionMnist data) => Path.Combine(CacheDirectory, $"vit-{c.Hash(data.Fingerprint)}.safetensors");

    /// <summary>Returns the cached weights' path, pretraining first when no entry exists yet.</summary>
    public string Ensure(VitConfig c, FashionMnist data, Device device, CancellationToken ct = default) =>
        EnsureEntry(PathFor(c, data), () => Pretrainer.Pretrain(c, data, device, ct), new Dictionary<string, string>
        {
            ["config"] = c.Canonical, ["data"] = data.Fingerprint, ["format"] = "cotosweep-vit",
        }, ct);

    /// <summary>
    /// The cache entry at <paramref name="path"/>, made by <paramref name="pretrain"/> when missing: by one thread of
    /// one process at a time, the others waiting and then reading it (any pretrained model: the ViT, the mini-CLIP).
    /// </summary>
    public string EnsureEntry(string path, Func<nn.Module> pretrain, IReadOnlyDictionary<string, string> metadata, CancellationToken ct = default)
    {
        if (File.Exists(path)) return path;
        var gate = Gates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        gate.Wait(ct);
        try
        {
            if (File.Exists(path)) return path;
            Directory.CreateDirectory(CacheDirectory);
            using var fileLock = ExclusiveFileLock.Acquire(path + ".lock", ct);
            if (File.Exists(path)) return path;
            using (var model = pretrain())
            {
                // Written aside and renamed, so a reader never sees half a file (and a crash leaves none).
                var partial = $"{path}.{Environment.ProcessId}.partial";
                SafeTensors.Save(partial, model.state_dict(), metadata.ToDictionary());
                File.Move(partial, path, overwrite: true);
            }
            return path;
        }
        finally { gate.Release(); }
    }

    /// <summary>Copies saved tensors into a model's state (every one must be there), then frees them.</summary>
    public static void LoadInto(nn.Module model, string path, Dictionary<string, Tensor> tensors)
    {
        using (no_grad())
        {
            foreach (var (name, t) in model.state_dict())
            {
                if (!tensors.TryGetValue(name, out var saved)) throw new InvalidDataException($"{path} lacks tensor {name}");
                t.copy_(saved);
            }
        }
        foreach (var t in tensors.Values) t.Dispose();
    }

    /// <summary>Loads the base model for a configuration (pretraining it when needed), frozen, on the device.</summary>
    public VisionTransformer Load(VitConfig c, FashionMnist data, Device device, CancellationToken ct = default)
    {
        var path = Ensure(c, data, device, ct);
        var (tensors, metadata) = SafeTensors.Load(path);
        if (metadata.GetValueOrDefault("config") != c.Canonical)
            throw new InvalidDataException($"{path} holds a different base model ({metadata.GetValueOrDefault("config")})");
        var model = new VisionTransformer(c);
        LoadInto(model, path, tensors);
        model.to(device);
        model.eval();
        return model;
    }

}
