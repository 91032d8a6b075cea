using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>Texts as token ids: each phrase's words, the end-of-text token, padding to the longest; and where each ends.</summary>
public static class TextTokens
{
    public static (Tensor Ids, Tensor Eot) Build(IReadOnlyList<string> texts, Device device)
    {
        var tokens = texts.Select(t => Vocabulary.Tokens(t).Append(Vocabulary.Id(Vocabulary.Eot)).ToArray()).ToArray();
        var length = tokens.Max(t => t.Length);
        if (length > TextEncoder.MaxLength) throw new ArgumentException($"a text of {length} tokens is longer than {TextEncoder.MaxLength}");
        var ids = new long[texts.Count * length];
        Array.Fill(ids, Vocabulary.Id(Vocabulary.Pad));
        for (var i = 0; i < tokens.Length; i++) tokens[i].CopyTo(ids, i * length);
        return (tensor(ids, [texts.Count, length], device: device), tensor(tokens.Select(t => (long)t.Length - 1).ToArray(), device: device));
    }

    /// <summary>Unit text features [C, E] of phrases, through the frozen or training text tower.</summary>
    public static Tensor Encode(MiniClip clip, IReadOnlyList<string> texts, Device device)
    {
        using var scope = NewDisposeScope();
        var (ids, eot) = Build(texts, device);
        return MiniClip.Normalised(clip.Text.forward(clip.Text.Embed(ids), eot)).MoveToOuterDisposeScope();
    }

    /// <summary>"prefix classname" for each class (the hand-written prompt of zero-shot CLIP).</summary>
    public static IReadOnlyList<string> Prompts(string prefix, IEnumerable<int> classes) =>
        classes.Select(c => (prefix + " " + Vocabulary.ClassNames[c]).Trim()).ToArray();
}
