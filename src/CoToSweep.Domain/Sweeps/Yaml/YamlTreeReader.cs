using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CoToSweep.Domain.Sweeps.Yaml;

/// <summary>Builds a <see cref="YNode"/> tree from YamlDotNet's event parser.</summary>
public static class YamlTreeReader
{
    /// <summary>Parses one document; a syntax error becomes a <see cref="SpecProblem"/> at the parser's position.</summary>
    public static YNode? Read(string text, out SpecProblem? error)
    {
        error = null;
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, YNode>();
            var root = ReadNode(parser, anchors);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                parser.TryConsume<DocumentStart>(out var next);
                error = new SpecProblem(At(next?.Start ?? Mark.Empty), "a sweep file holds one YAML document");
                return null;
            }
            return root;
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes messages with "(Line: l, Col: c, Idx: i) - (…): "; the position is reported separately.
            var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith('(') && cut > 0) message = message[(cut + 3)..];
            error = new SpecProblem(At(e.Start), "YAML syntax error: " + message.Trim().TrimEnd('.'));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some malformed input, e.g. an unclosed
            // flow sequence followed by more keys; report it after the last event that parsed.
            error = new SpecProblem(At(parser.Current?.End ?? Mark.Empty),
                "YAML syntax error: cannot read on from here (check brackets, quotes and indentation)");
            return null;
        }
    }

    private static YNode ReadNode(IParser parser, Dictionary<string, YNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new YamlException(alias.Start, alias.End, $"unknown alias '*{alias.Value.Value}'");

        YNode node;
        string? anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
            node = new YScalar(At(scalar.Start), scalar.Value, scalar.Style is not ScalarStyle.Plain);
        }
        else if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            anchor = seqStart.Anchor.IsEmpty ? null : seqStart.Anchor.Value;
            var items = new List<YNode>();
            while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(parser, anchors));
            node = new YSequence(At(seqStart.Start), items);
        }
        else
        {
            var mapStart = parser.Consume<MappingStart>();
            anchor = mapStart.Anchor.IsEmpty ? null : mapStart.Anchor.Value;
            var entries = new List<YEntry>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, anchors);
                if (key is not YScalar keyScalar)
                {
                    var mark = new Mark(0, key.At.Line, key.At.Column);
                    throw new YamlException(mark, mark, "mapping keys must be plain names");
                }
                entries.Add(new YEntry(keyScalar, ReadNode(parser, anchors)));
            }
            node = new YMapping(At(mapStart.Start), entries);
        }
        if (anchor is not null) anchors[anchor] = node;
        return node;
    }

    private static Position At(Mark m) => new((int)Math.Max(1, m.Line), (int)Math.Max(1, m.Column));
}
