using CoToSweep.Training.Checkpoints;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// A trained prompt as <c>prompt.safetensors</c>: the context (<c>ctx</c>, CoOp's name) and the trial's parameters as
/// metadata, so the corruption analysis can rebuild the trial's mini-CLIP and test sets from the file alone.
/// </summary>
public static class PromptCheckpoint
{
    public const string FileName = "prompt.safetensors";

    public static void Save(string path, Tensor ctx, NemesisConfig c)
    {
        using var copy = ctx.detach().cpu().clone();
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["ctx"] = copy },
            new Dictionary<string, string> { ["format"] = "cotosweep-prompt", ["config"] = System.Text.Json.JsonSerializer.Serialize(c) });
    }

    /// <summary>The context (on the CPU; the caller disposes it) and the configuration it was trained with.</summary>
    public static (Tensor Ctx, NemesisConfig Config) Load(string path)
    {
        var (tensors, metadata) = SafeTensors.Load(path);
        if (metadata.GetValueOrDefault("format") != "cotosweep-prompt" || !tensors.TryGetValue("ctx", out var ctx))
            throw new InvalidDataException($"{path} is not a trained prompt");
        var config = System.Text.Json.JsonSerializer.Deserialize<NemesisConfig>(metadata["config"])
            ?? throw new InvalidDataException($"{path} has no configuration");
        return (ctx, config);
    }
}
