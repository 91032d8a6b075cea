using CoToSweep.Training.Data;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// One trial's images as frozen mini-CLIP features (the image tower never changes during prompt tuning, so each image is
/// encoded once): the few-shot training set of the base classes, and test sets of the base classes, the new classes
/// (base-to-new) and the base classes in the shifted domain. Labels are indices into the class list of their set.
/// </summary>
public sealed class NemesisData : IDisposable
{
    public required (Tensor X, Tensor Y) Train { get; init; }
    public required (Tensor X, Tensor Y) Base { get; init; }
    public required (Tensor X, Tensor Y)? New { get; init; }
    public required (Tensor X, Tensor Y) Shifted { get; init; }

    /// <summary>The few-shot set's seed: from the trial seed only, so that every A, β … of one seed trains on the same images.</summary>
    public static long SampleSeed(long seed) => unchecked(seed * 1_000_003 + 17);

    public static NemesisData Build(FashionMnist data, NemesisConfig c, MiniClip clip, Device device)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var trainIdx = FewShot.Sample(data.TrainLabels, c.BaseClasses, c.Shots, SampleSeed(c.Seed));
        var testN = Math.Min(c.TestSize, data.TestCount);
        var images = TaskData.Images(data.TestImages, 0, testN, device);
        var labels = data.TestLabels.Take(testN).ToArray();
        var shifted = DomainShifts.Get(c.Shift)(images);

        (Tensor, Tensor) Features(Tensor raw, IReadOnlyList<int> rows, IReadOnlyList<byte> y, IReadOnlyList<int> classes)
        {
            using var index = tensor(rows.Select(r => (long)r).ToArray(), device: device);
            var x = clip.EncodeImages(TaskData.Normalise(raw.index_select(0, index)));
            var mapped = rows.Select(r => (long)classes.ToList().IndexOf(y[r])).ToArray();
            return (x.MoveToOuterDisposeScope(), tensor(mapped, device: device).MoveToOuterDisposeScope());
        }
        int[] Of(IReadOnlyList<int> classes) => Enumerable.Range(0, testN).Where(i => classes.Contains(labels[i])).ToArray();

        var trainRaw = TaskData.Images(data.TrainImages, 0, data.TrainCount, device);
        return new NemesisData
        {
            Train = Features(trainRaw, trainIdx, data.TrainLabels, c.BaseClasses),
            Base = Features(images, Of(c.BaseClasses), labels, c.BaseClasses),
            New = c.NewClasses.Count > 0 ? Features(images, Of(c.NewClasses), labels, c.NewClasses) : null,
            Shifted = Features(shifted, Of(c.BaseClasses), labels, c.BaseClasses),
        };
    }

    public void Dispose()
    {
        foreach (var t in new[] { Train.X, Train.Y, Base.X, Base.Y, Shifted.X, Shifted.Y }) t.Dispose();
        if (New is { } n) { n.X.Dispose(); n.Y.Dispose(); }
    }
}
