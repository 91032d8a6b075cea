using System.Text.Json;
using CoToSweep.Training.Adapters;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Models;
using static TorchSharp.torch;

namespace CoToSweep.Training.Checkpoints;

/// <summary>
/// Adapter weights as safetensors with PEFT-like names (<c>base_model.model.blocks.3.attn.q.lora_A.weight</c>),
/// plus the trial's configuration in the metadata so the adapter can be rebuilt and evaluated later.
/// </summary>
public static class AdapterCheckpoint
{
    public const string Prefix = "base_model.model.";

    /// <summary>The adapter's file name in a trial's artifact directory.</summary>
    public const string FileName = "adapter.safetensors";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static Dictionary<string, Tensor> Tensors(AdapterLayout layout, VisionTransformer model, bool includeHead)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var site in layout.Sites)
            foreach (var (name, p) in site.Linear.Adapter!.Tensors)
                tensors[$"{Prefix}{site.Path}.{name}"] = p;
        if (includeHead)
            foreach (var (name, p) in model.Head.named_parameters()) tensors[$"{Prefix}head.{name}"] = p;
        return tensors;
    }

    public static void Save(string path, CotoConfig config, AdapterLayout layout, VisionTransformer model)
    {
        SafeTensors.Save(path, Tensors(layout, model, config.TrainHead), new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["cotosweep.config"] = JsonSerializer.Serialize(config, Json),
            ["peft_type"] = config.Adapter.Method.ToUpperInvariant(),
        });
    }

    public static CotoConfig ReadConfig(string path)
    {
        var (tensors, metadata) = SafeTensors.Load(path);
        foreach (var t in tensors.Values) t.Dispose();
        return JsonSerializer.Deserialize<CotoConfig>(metadata.GetValueOrDefault("cotosweep.config")
            ?? throw new InvalidDataException($"{path} has no cotosweep.config metadata"), Json)!;
    }

    /// <summary>Copies saved tensors into a model that already has the same adapters attached.</summary>
    public static void LoadInto(string path, CotoConfig config, AdapterLayout layout, VisionTransformer model)
    {
        var (saved, _) = SafeTensors.Load(path);
        using var _ = no_grad();
        foreach (var (name, p) in Tensors(layout, model, config.TrainHead))
        {
            if (!saved.TryGetValue(name, out var t)) throw new InvalidDataException($"{path} lacks tensor {name}");
            p.copy_(t);
        }
        foreach (var t in saved.Values) t.Dispose();
    }
}
