using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Checkpoints;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header (name → dtype, shape, byte
/// offsets; optional string metadata under "__metadata__"), then the raw little-endian data. Float32 only,
/// which is all CoToSweep writes.
/// </summary>
public static class SafeTensors
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is not null) header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var data = t.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
            var bytes = new byte[data.Length * 4];
            Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.shape.Select(d => (JsonNode?)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            offset += bytes.Length;
            blobs.Add(bytes);
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8; // the format allows space padding; 8-byte alignment helps mmap readers
        var tmp = path + ".tmp";
        using (var f = File.Create(tmp))
        {
            f.Write(BitConverter.GetBytes((ulong)padded));
            f.Write(json);
            for (var i = json.Length; i < padded; i++) f.WriteByte((byte)' ');
            foreach (var b in blobs) f.Write(b);
        }
        File.Move(tmp, path, true);
    }

    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file missing: {path}");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw new InvalidDataException($"corrupt safetensors file {path}: too short");
        var headerLength = (long)BitConverter.ToUInt64(bytes, 0);
        if (headerLength > bytes.Length - 8) throw new InvalidDataException($"corrupt safetensors file {path}: header length {headerLength}");
        JsonObject header;
        try { header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength))!.AsObject(); }
        catch (JsonException e) { throw new InvalidDataException($"corrupt safetensors file {path}: {e.Message}"); }
        var start = 8 + headerLength;
        var tensors = new Dictionary<string, Tensor>();
        var metadata = new Dictionary<string, string>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (k, v) in node!.AsObject()) metadata[k] = v!.GetValue<string>();
                continue;
            }
            var dtype = node!["dtype"]!.GetValue<string>();
            if (dtype != "F32") throw new InvalidDataException($"{path}: tensor {name} is {dtype}; only F32 is supported");
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (start + offsets[1] > bytes.Length || offsets[1] - offsets[0] != shape.Aggregate(4L, (a, b) => a * b))
                throw new InvalidDataException($"corrupt safetensors file {path}: tensor {name} does not fit");
            var values = new float[(offsets[1] - offsets[0]) / 4];
            Buffer.BlockCopy(bytes, (int)(start + offsets[0]), values, 0, values.Length * 4);
            tensors[name] = tensor(values, shape);
        }
        return (tensors, metadata);
    }
}
