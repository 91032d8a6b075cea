using System.Buffers.Binary;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace CoToSweep.EndToEnd.Tests.Report;

/// <summary>Checks on a written report: every PNG is a real image, and report.md links exactly the PNGs there are.</summary>
internal static partial class ReportFiles
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height from the PNG's IHDR chunk (the first chunk, right after the signature).</summary>
    public static (int Width, int Height) Size(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33 && bytes.AsSpan(0, 8).SequenceEqual(Signature), $"{path} is not a PNG");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    /// <summary>How many distinct colours the decoded image has (counting stops at <paramref name="enough"/>).</summary>
    public static int Colours(string path, int enough = 16)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        var seen = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height && seen.Count < enough; y += 2)
            for (var x = 0; x < bitmap.Width && seen.Count < enough; x += 2)
                seen.Add((uint)bitmap.GetPixel(x, y));
        return seen.Count;
    }

    /// <summary>The image paths report.md links (<c>![…](file)</c>), in order.</summary>
    public static IReadOnlyList<string> Links(string markdown) => Image().Matches(markdown).Select(m => m.Groups[1].Value).ToList();

    /// <summary>
    /// Asserts that every PNG in the folder is an image of at least 200×200 with more than one colour, that report.md
    /// links every one of them and nothing else, and that every link is a relative path to a file that exists. Returns the
    /// PNG names.
    /// </summary>
    public static IReadOnlyList<string> AssertValid(string dir)
    {
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        var links = Links(md);
        foreach (var link in links)
        {
            Assert.False(Path.IsPathRooted(link), $"{link} is not a relative path");
            Assert.True(File.Exists(Path.Combine(dir, link)), $"report.md links {link}, which does not exist");
        }
        var pngs = Directory.GetFiles(dir, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(pngs, links.Distinct().Order(StringComparer.Ordinal).ToList());
        foreach (var png in pngs)
        {
            var (w, h) = Size(Path.Combine(dir, png!));
            Assert.True(w >= 200 && h >= 200, $"{png} is {w}×{h}");
            Assert.True(Colours(Path.Combine(dir, png!)) > 1, $"{png} has a single colour");
        }
        return pngs!;
    }

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex Image();
}
