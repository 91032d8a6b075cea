using static TorchSharp.torch;

namespace CoToSweep.Training.Data;

/// <summary>A built-in task: a shift of Fashion-MNIST and the corruption that makes its OOD test split.</summary>
public sealed record TaskDefinition(string Name, string Description, Func<Tensor, Tensor> Shift, string OodName, Func<Tensor, Tensor> Ood);

public static class TaskCatalog
{
    /// <summary>The task the base model is pretrained on.</summary>
    public const string BaseTask = "fmnist";

    public static readonly IReadOnlyList<TaskDefinition> All =
    [
        new(BaseTask, "upright Fashion-MNIST (the base model's pretraining task)", ImageShifts.Identity, "noise", x => Corruptions.Noise(x)),
        new("fmnist-rotated", "images turned 90°", ImageShifts.Rotate90, "noise", x => Corruptions.Noise(x)),
        new("fmnist-inverted", "negative images (bright background)", ImageShifts.Invert, "blur", Corruptions.Blur),
        new("fmnist-tiles", "4×4 grid of 7×7 tiles shuffled by a fixed permutation", ImageShifts.ShuffleTiles, "noise", x => Corruptions.Noise(x)),
        new("fmnist-flipped", "images upside down", ImageShifts.FlipVertical, "blur", Corruptions.Blur),
    ];

    public static IEnumerable<string> Names => All.Select(t => t.Name);

    public static TaskDefinition? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    public static TaskDefinition Get(string name) =>
        Find(name) ?? throw new ArgumentException($"unknown task '{name}' (one of {string.Join(", ", Names)})");
}
