using System.Security.Cryptography;

namespace CoToSweep.Training.Data;

/// <summary>Raw Fashion-MNIST: 28×28 images as bytes, labels 0–9, and a fingerprint of what was read.</summary>
public sealed record FashionMnist(byte[] TrainImages, byte[] TrainLabels, byte[] TestImages, byte[] TestLabels, string Fingerprint, string Source)
{
    public const int Side = 28;
    public const int Pixels = Side * Side;
    public const int Classes = 10;

    /// <summary>Where the full set lives when the Debian package is installed.</summary>
    public const string SystemDirectory = "/usr/share/datasets/fashion-mnist";

    public int TrainCount => TrainLabels.Length;
    public int TestCount => TestLabels.Length;

    private static readonly string[] FileNames =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>
    /// Loads from <paramref name="directory"/> when given (an error if files are missing), else the full set in
    /// <see cref="SystemDirectory"/> when present, else the subset shipped next to this assembly.
    /// </summary>
    public static FashionMnist Load(string? directory = null)
    {
        if (directory is not null) return LoadFrom(directory);
        if (HasFiles(SystemDirectory)) return LoadFrom(SystemDirectory);
        return LoadFrom(ShippedSubsetDirectory);
    }

    public static string ShippedSubsetDirectory => Path.Combine(AppContext.BaseDirectory, "data", "fmnist-subset");

    private static bool HasFiles(string dir) => FileNames.All(f => Find(dir, f) is not null);

    private static string? Find(string dir, string name) =>
        new[] { name + ".gz", name }.Select(n => Path.Combine(dir, n)).FirstOrDefault(File.Exists);

    private static string Require(string dir, string name) =>
        Find(dir, name) ?? throw new DataFileException($"data file missing: {Path.Combine(dir, name)}.gz (Fashion-MNIST IDX, gzip or raw)");

    public static FashionMnist LoadFrom(string dir)
    {
        if (!Directory.Exists(dir)) throw new DataFileException($"data directory missing: {dir}");
        var parts = FileNames.Select(n => Require(dir, n)).Select(IdxReader.Read).ToArray();
        Check(parts[0], 3, dir, "train images");
        Check(parts[2], 3, dir, "test images");
        if (parts[0].Shape[0] != parts[1].Data.Length || parts[2].Shape[0] != parts[3].Data.Length)
            throw new DataFileException($"corrupt data in {dir}: image and label counts differ");
        if (parts[1].Data.Concat(parts[3].Data).Any(l => l >= Classes))
            throw new DataFileException($"corrupt data in {dir}: a label is not in 0..9");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in parts) sha.AppendData(p.Data);
        var fingerprint = Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
        return new FashionMnist(parts[0].Data, parts[1].Data, parts[2].Data, parts[3].Data, fingerprint, dir);
    }

    private static void Check((int[] Shape, byte[] Data) part, int rank, string dir, string what)
    {
        if (part.Shape.Length != rank || part.Shape[1] != Side || part.Shape[2] != Side)
            throw new DataFileException($"corrupt data in {dir}: {what} are not 28×28");
    }
}
