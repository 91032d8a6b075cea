using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>CoOp's few-shot training sets: <c>shots</c> images per class, drawn without replacement by a seeded generator.</summary>
public static class FewShot
{
    /// <summary>Indices into <paramref name="labels"/>: for each class in order, its <paramref name="shots"/> drawn images.</summary>
    public static IReadOnlyList<int> Sample(IReadOnlyList<byte> labels, IReadOnlyList<int> classes, int shots, long seed)
    {
        using var g = new Generator((ulong)seed);
        var picked = new List<int>();
        foreach (var c in classes)
        {
            var pool = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            if (pool.Length < shots) throw new ArgumentException($"class {c} has {pool.Length} training images, fewer than {shots} shots");
            using var perm = randperm(pool.Length, generator: g);
            picked.AddRange(perm.narrow(0, 0, shots).data<long>().Select(j => pool[j]));
        }
        return picked;
    }
}
