using TorchSharp;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Data;

/// <summary>How many images each split takes; null means all that are available.</summary>
public sealed record SplitSizes(int? Train = null, int Val = 500, int? Test = 2000);

/// <summary>
/// A task's splits as normalised tensors [N, 1, 28, 28] on one device. Train and validation are disjoint slices of
/// the training images (validation from the end); test and OOD use the same test images, OOD also corrupted.
/// </summary>
public sealed class TaskData : IDisposable
{
    public required string Task { get; init; }
    public required (Tensor X, Tensor Y) Train { get; init; }
    public required (Tensor X, Tensor Y) Val { get; init; }
    public required (Tensor X, Tensor Y) Test { get; init; }
    public required (Tensor X, Tensor Y) Ood { get; init; }

    // Fashion-MNIST pixel mean and standard deviation (full training set).
    private const float Mean = 0.2860f, Std = 0.3530f;

    public (Tensor X, Tensor Y) Split(string name) => name switch
    {
        "train" => Train,
        "val" => Val,
        "test" => Test,
        "ood" => Ood,
        _ => throw new ArgumentException($"unknown split '{name}' (train, val, test, ood)"),
    };

    /// <param name="ood">A corruption other than the task's own, to measure candidate OOD tests; null: the task's.</param>
    public static TaskData Build(FashionMnist data, string task, SplitSizes sizes, Device device, Func<Tensor, Tensor>? ood = null)
    {
        var def = TaskCatalog.Get(task);
        if (data.TrainCount <= sizes.Val) throw new ArgumentException($"only {data.TrainCount} training images for a validation split of {sizes.Val}");
        var trainN = Math.Min(sizes.Train ?? int.MaxValue, data.TrainCount - sizes.Val);
        var testN = Math.Min(sizes.Test ?? int.MaxValue, data.TestCount);
        using var scope = NewDisposeScope();
        var train = Images(data.TrainImages, 0, trainN, device);
        var val = Images(data.TrainImages, data.TrainCount - sizes.Val, sizes.Val, device);
        var test = Images(data.TestImages, 0, testN, device);
        var shiftedTest = def.Shift(test);
        var result = new TaskData
        {
            Task = task,
            Train = (Normalise(def.Shift(train)), Labels(data.TrainLabels, 0, trainN, device)),
            Val = (Normalise(def.Shift(val)), Labels(data.TrainLabels, data.TrainCount - sizes.Val, sizes.Val, device)),
            Test = (Normalise(shiftedTest), Labels(data.TestLabels, 0, testN, device)),
            Ood = (Normalise((ood ?? def.Ood)(shiftedTest)), Labels(data.TestLabels, 0, testN, device)),
        };
        foreach (var t in result.All()) t.MoveToOuterDisposeScope();
        return result;
    }

    /// <summary>Takes every tensor out of any dispose scope (a cached task outlives the trial that built it).</summary>
    public TaskData DetachedFromScopes()
    {
        foreach (var t in All()) t.DetachFromDisposeScope();
        return this;
    }

    private IEnumerable<Tensor> All() => [Train.X, Train.Y, Val.X, Val.Y, Test.X, Test.Y, Ood.X, Ood.Y];

    public static Tensor Images(byte[] bytes, int start, int count, Device device)
    {
        var slice = bytes.AsSpan(start * FashionMnist.Pixels, count * FashionMnist.Pixels).ToArray();
        var bytesTensor = tensor(slice, [count, 1, FashionMnist.Side, FashionMnist.Side], dtype: ScalarType.Byte);
        return Scalars.Div(bytesTensor.to(ScalarType.Float32), 255.0).to(device);
    }

    public static Tensor Labels(byte[] bytes, int start, int count, Device device) =>
        tensor(bytes.AsSpan(start, count).ToArray(), [count], dtype: ScalarType.Byte).to(ScalarType.Int64).to(device);

    public static Tensor Normalise(Tensor x) => Scalars.Div(Scalars.Sub(x, Mean), Std);

    public void Dispose()
    {
        foreach (var t in All()) t.Dispose();
    }
}
