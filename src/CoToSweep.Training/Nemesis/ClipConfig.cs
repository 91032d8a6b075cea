using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// The mini-CLIP's shape and how it is pretrained. Everything here changes the pretrained weights, so all of it goes
/// into <see cref="Hash"/> (the cache key, together with the data fingerprint).
/// </summary>
/// <param name="Width">Text encoder width (token embeddings, attention); the image encoder's channels are Width/2 and Width.</param>
/// <param name="Embed">The joint image-text embedding's dimension.</param>
public sealed record ClipConfig(
    int Width = 32,
    int Embed = 32,
    int TextLayers = 1,
    int PretrainSteps = 400,
    int PretrainBatch = 128,
    double PretrainLr = 3e-3,
    long PretrainSeed = 0)
{
    public string Canonical => string.Create(CultureInfo.InvariantCulture,
        $"clip1;width={Width};embed={Embed};layers={TextLayers};steps={PretrainSteps};batch={PretrainBatch};lr={PretrainLr:R};seed={PretrainSeed};vocab={Vocabulary.Fingerprint}");

    public string Hash(string dataFingerprint) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical + ";data=" + dataFingerprint)))[..16];
}
