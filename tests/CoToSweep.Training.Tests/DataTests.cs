using System.IO.Compression;
using CoToSweep.Training.Data;
using static TorchSharp.torch;

namespace CoToSweep.Training.Tests;

public class DataTests
{
    [Fact]
    public void Shipped_subset_loads_with_a_stable_fingerprint()
    {
        var d = FashionMnist.LoadFrom(FashionMnist.ShippedSubsetDirectory);
        Assert.Equal(4000, d.TrainCount);
        Assert.Equal(1500, d.TestCount);
        Assert.Equal(4000 * 784, d.TrainImages.Length);
        Assert.Equal(d.Fingerprint, FashionMnist.LoadFrom(FashionMnist.ShippedSubsetDirectory).Fingerprint);
        Assert.Equal(10, d.TrainLabels.Distinct().Count());
    }

    [Fact]
    public void Missing_directory_or_file_is_one_clear_line()
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-data").FullName;
        var e = Assert.Throws<DataFileException>(() => FashionMnist.Load(dir));
        Assert.Equal($"data file missing: {Path.Combine(dir, "train-images-idx3-ubyte")}.gz (Fashion-MNIST IDX, gzip or raw)", e.Message);
        Assert.StartsWith("data directory missing", Assert.Throws<DataFileException>(() => FashionMnist.Load(dir + "-nope")).Message);
    }

    [Fact]
    public void Truncated_or_foreign_files_are_reported_as_corrupt()
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-data").FullName;
        var truncated = Path.Combine(dir, "t.gz");
        using (var gz = new GZipStream(File.Create(truncated), CompressionLevel.Fastest))
            gz.Write([0, 0, 8, 1, 0, 0, 0, 9, 1, 2]);
        Assert.Contains("truncated", Assert.Throws<DataFileException>(() => IdxReader.Read(truncated)).Message);
        var notGzip = Path.Combine(dir, "x.gz");
        File.WriteAllText(notGzip, "hello world, not gzip");
        Assert.StartsWith("corrupt data file", Assert.Throws<DataFileException>(() => IdxReader.Read(notGzip)).Message);
        var notIdx = Path.Combine(dir, "raw");
        File.WriteAllBytes(notIdx, [1, 2, 3, 4, 5]);
        Assert.Contains("not an IDX file", Assert.Throws<DataFileException>(() => IdxReader.Read(notIdx)).Message);
    }

    [Fact]
    public void Every_task_has_disjoint_train_and_val_and_a_shifted_ood_split()
    {
        foreach (var task in TaskCatalog.All)
        {
            using var data = TaskData.Build(Tiny.Env.Data, task.Name, new SplitSizes(300, 100, 100), CPU);
            Assert.Equal([300L, 1, 28, 28], data.Train.X.shape);
            Assert.Equal([100L, 1, 28, 28], data.Val.X.shape);
            Assert.False(data.Test.X.eq(data.Ood.X).all().item<bool>(), task.Name);
            Assert.True(data.Test.Y.eq(data.Ood.Y).all().item<bool>());
        }
        using var plain = TaskData.Build(Tiny.Env.Data, "fmnist", new SplitSizes(50, 10, 10), CPU);
        using var rotated = TaskData.Build(Tiny.Env.Data, "fmnist-rotated", new SplitSizes(50, 10, 10), CPU);
        Assert.False(plain.Train.X.eq(rotated.Train.X).all().item<bool>());
        Assert.True(plain.Train.X.rot90(1, (2, 3)).allclose(rotated.Train.X));
    }
}

/// <summary>Trials of one process share a task's splits; idle ones beyond the capacity are freed, ones in use never.</summary>
public class TaskDataCacheTests
{
    private static readonly FashionMnist Data = FashionMnist.LoadFrom(FashionMnist.ShippedSubsetDirectory);

    [Fact]
    public void The_same_task_and_sizes_share_one_build_and_an_idle_surplus_is_disposed()
    {
        var cache = new TaskDataCache(capacity: 1);
        var sizes = new SplitSizes(Train: 64, Val: 32, Test: 32);
        var a = cache.Get(Data, "fmnist-rotated", sizes, CPU);
        var b = cache.Get(Data, "fmnist-rotated", sizes, CPU);
        Assert.Same(a.Data, b.Data);
        using (var fresh = TaskData.Build(Data, "fmnist-rotated", sizes, CPU))
            Assert.Equal(fresh.Train.X.sum().item<float>(), a.Data.Train.X.sum().item<float>());

        var other = cache.Get(Data, "fmnist-rotated", sizes with { Train = 48 }, CPU);
        Assert.Equal(2, cache.Count);   // both in use: over capacity, nothing freed
        a.Dispose();
        b.Dispose();
        Assert.Equal(1, cache.Count);   // the idle one went
        Assert.True(a.Data.Train.X.IsInvalid);
        Assert.False(other.Data.Train.X.IsInvalid);
        Assert.Equal(48, other.Data.Train.X.shape[0]);
        other.Dispose();
        Assert.Equal(1, cache.Count);   // within capacity: kept for the next trial
        Assert.Same(other.Data, cache.Get(Data, "fmnist-rotated", sizes with { Train = 48 }, CPU).Data);
    }
}
