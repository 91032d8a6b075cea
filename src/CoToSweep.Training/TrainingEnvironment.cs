using CoToSweep.Training.Data;
using CoToSweep.Training.Models;
using static TorchSharp.torch;

namespace CoToSweep.Training;

/// <summary>What trials share in one process: the data, the base-model cache, the device and the recently built task splits.</summary>
public sealed record TrainingEnvironment(FashionMnist Data, BaseModelStore BaseModels, Device Device)
{
    public TaskDataCache Tasks { get; } = new();

    /// <summary>Loads the data (a directory, the system full set, or the shipped subset) and picks the device.</summary>
    public static TrainingEnvironment Create(string? dataDirectory, string modelCacheDirectory, string device = "auto") =>
        new(FashionMnist.Load(dataDirectory), new BaseModelStore(modelCacheDirectory), TorchRuntime.ChooseDevice(device));

    public static string DefaultModelCache =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "cotosweep", "models");
}
