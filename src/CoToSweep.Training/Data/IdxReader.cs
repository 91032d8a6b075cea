using System.IO.Compression;

namespace CoToSweep.Training.Data;

/// <summary>
/// Reads IDX files (the MNIST container: big-endian magic, dimensions, then raw unsigned bytes), gzip-compressed
/// when the name ends in .gz. Every problem is one clear line naming the file.
/// </summary>
public static class IdxReader
{
    /// <summary>Returns the dimensions and the raw bytes of an IDX file of unsigned bytes.</summary>
    public static (int[] Shape, byte[] Data) Read(string path)
    {
        if (!File.Exists(path)) throw new DataFileException($"data file missing: {path}");
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(file, CompressionMode.Decompress) : file;
            var magic = ReadExactly(stream, 4, path);
            if (magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08)
                throw new DataFileException($"corrupt data file {path}: not an IDX file of unsigned bytes");
            var shape = new int[magic[3]];
            long count = 1;
            for (var i = 0; i < shape.Length; i++)
            {
                var d = ReadExactly(stream, 4, path);
                shape[i] = (d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3];
                if (shape[i] <= 0) throw new DataFileException($"corrupt data file {path}: dimension {i} is {shape[i]}");
                count *= shape[i];
            }
            if (count > int.MaxValue) throw new DataFileException($"corrupt data file {path}: {count} values is too many");
            return (shape, ReadExactly(stream, (int)count, path));
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException($"corrupt data file {path}: {e.Message}");
        }
    }

    private static byte[] ReadExactly(Stream stream, int count, string path)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = stream.Read(buffer, read, count - read);
            if (n == 0) throw new DataFileException($"corrupt data file {path}: truncated ({read} of {count} bytes)");
            read += n;
        }
        return buffer;
    }
}

/// <summary>A missing or corrupt data file; the message is one line, fit for a user.</summary>
public sealed class DataFileException(string message) : Exception(message);
