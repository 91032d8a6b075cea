using System.Security.Cryptography;
using System.Text;
using CoToSweep.Domain.Sweeps.Kinds;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// The mini-CLIP's word vocabulary: padding and end-of-text tokens, the prompt words (one source: <see cref="NemesisKind.PromptWords"/>)
/// and the words of Fashion-MNIST's class names. The end-of-text token's feature is the text's feature, as in CLIP.
/// </summary>
public static class Vocabulary
{
    public const string Pad = "<pad>";
    public const string Eot = "<eot>";

    /// <summary>Fashion-MNIST's class names, by label.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"];

    public static readonly IReadOnlyList<string> Words =
        new[] { Pad, Eot }.Concat(NemesisKind.PromptWords).Concat(ClassNames.SelectMany(c => c.Split(' '))).Distinct().ToArray();

    private static readonly Dictionary<string, int> Index = Words.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => x.i);

    /// <summary>Part of the model's cache key: a different vocabulary is a different model.</summary>
    public static string Fingerprint { get; } =
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", Words))))[..8];

    /// <summary>Token ids of a phrase's words (each must be in the vocabulary).</summary>
    public static long[] Tokens(string phrase) => phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(w => Index.TryGetValue(w, out var i) ? (long)i : throw new ArgumentException($"'{w}' is not in the mini-CLIP's vocabulary")).ToArray();

    public static long Id(string word) => Index[word];

    /// <summary>Caption templates for contrastive pretraining ({0}: the class name).</summary>
    public static readonly IReadOnlyList<string> Templates =
    [
        "a photo of a {0}", "a picture of the {0}", "an image of a {0}", "a drawing of a {0}", "this is a {0}",
        "a {0}", "a small {0}", "a large {0}", "a good photo of the {0}", "a bad picture of a {0}", "this is the clothing {0}",
    ];
}
