using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// The outcome of reading a sweep file: either a spec with its id, or the problems found.
/// The id is <c>name-XXXXXXXX</c>: the first 8 hex digits of SHA-256 over the canonical form of the parsed
/// document (typed values, document order), so comments, quoting and layout never change it.
/// </summary>
public sealed record SweepDefinition(
    SweepSpec? Spec,
    string Id,
    string Text,
    string CanonicalJson,
    string? BaseDirectory,
    IReadOnlyList<SpecProblem> Problems)
{
    public bool IsValid => Spec is not null && Problems.Count == 0;

    public static SweepDefinition Invalid(IReadOnlyList<SpecProblem> problems) =>
        new(null, "", "", "", null, problems.OrderBy(p => p.At.Line).ThenBy(p => p.At.Column).ToList());

    public static SweepDefinition Valid(SweepSpec spec, YNode root, string text, string? baseDirectory)
    {
        var canonical = Canonical(root);
        return new SweepDefinition(spec, MakeId(spec.Name, canonical), text, canonical, baseDirectory, []);
    }

    public static string MakeId(string name, string canonicalJson)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson));
        return $"{name}-{Convert.ToHexStringLower(hash)[..8]}";
    }

    public static string Canonical(YNode root)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream)) Write(root, w);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(YNode node, Utf8JsonWriter w)
    {
        switch (node)
        {
            case YMapping m:
                w.WriteStartObject();
                foreach (var e in m.Entries) { w.WritePropertyName(e.Key.Text); Write(e.Value, w); }
                w.WriteEndObject();
                break;
            case YSequence s:
                w.WriteStartArray();
                foreach (var i in s.Items) Write(i, w);
                w.WriteEndArray();
                break;
            case YScalar { IsNull: true }:
                w.WriteNullValue();
                break;
            case YScalar sc when sc.IsNumber(out var d) && !double.IsFinite(d):
                w.WriteStringValue(ParamValue.FormatNumber(d));
                break;
            case YScalar sc:
                sc.ToParamValue().WriteTo(w);
                break;
        }
    }
}
