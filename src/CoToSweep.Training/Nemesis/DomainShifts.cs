using CoToSweep.Training.Data;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// The shifted domains of <c>shift</c> (ALGORITHMS.md §5), on [0, 1] test images: what CoOp's ImageNet → -V2/-Sketch
/// tests are to CLIP, at Fashion-MNIST's scale. Names must match <c>NemesisKind.Shifts</c> (KindListTests).
/// </summary>
public static class DomainShifts
{
    public static readonly IReadOnlyDictionary<string, Func<Tensor, Tensor>> All = new Dictionary<string, Func<Tensor, Tensor>>
    {
        ["noise"] = x => Corruptions.Noise(x, TaskCatalog.OodNoiseSigma),
        ["blur"] = Corruptions.Blur,
        ["contrast"] = x => Corruptions.Contrast(x, 0.5),
        ["inverted"] = ImageShifts.Invert,
        ["rotated"] = x => Corruptions.Rotate(x, 30),
    };

    public static Func<Tensor, Tensor> Get(string name) =>
        All.TryGetValue(name, out var f) ? f : throw new ArgumentException($"unknown shift '{name}' (one of {string.Join(", ", All.Keys)})");
}
