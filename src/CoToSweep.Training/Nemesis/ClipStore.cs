using TorchSharp;
using CoToSweep.Training.Checkpoints;
using CoToSweep.Training.Data;
using CoToSweep.Training.Models;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// Pretrained mini-CLIPs in the base-model cache as <c>clip-&lt;hash&gt;.safetensors</c>, keyed by configuration and data
/// fingerprint; concurrent trials (threads and processes) wait for one pretraining (<see cref="BaseModelStore.EnsureEntry"/>).
/// </summary>
public static class ClipStore
{
    public static string PathFor(BaseModelStore store, ClipConfig c, FashionMnist data) =>
        Path.Combine(store.CacheDirectory, $"clip-{c.Hash(data.Fingerprint)}.safetensors");

    /// <summary>The pretrained mini-CLIP for a configuration (pretraining it when needed), frozen and in eval mode.</summary>
    public static MiniClip Load(BaseModelStore store, ClipConfig c, FashionMnist data, Device device, CancellationToken ct = default)
    {
        var path = store.EnsureEntry(PathFor(store, c, data), () => ClipPretrainer.Pretrain(c, data, device, ct),
            new Dictionary<string, string> { ["config"] = c.Canonical, ["data"] = data.Fingerprint, ["format"] = "cotosweep-clip" }, ct);
        var (tensors, metadata) = SafeTensors.Load(path);
        if (metadata.GetValueOrDefault("config") != c.Canonical)
            throw new InvalidDataException($"{path} holds a different mini-CLIP ({metadata.GetValueOrDefault("config")})");
        var model = new MiniClip(c);
        BaseModelStore.LoadInto(model, path, tensors);
        foreach (var p in model.parameters()) p.requires_grad = false;
        model.to(device);
        model.eval();
        return model;
    }
}
