using CoToSweep.Training.Data;
using CoToSweep.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// Contrastive pretraining of the mini-CLIP on Fashion-MNIST's training images with templated captions: each step draws
/// a batch of images and one caption template per class, and trains both towers (and the scale) with the image-to-caption
/// InfoNCE loss over the ten captions. With ten classes, captions of one class in a batch would be duplicates, so the
/// negatives are the other classes' captions (CLIP's loss with the batch's captions collapsed by class).
/// </summary>
public static class ClipPretrainer
{
    public static MiniClip Pretrain(ClipConfig c, FashionMnist data, Device device, CancellationToken ct = default)
    {
        using var g = new Generator((ulong)c.PretrainSeed, device);
        var model = new MiniClip(c);
        ClipInit.Initialise(model, g);
        model.to(device);
        using var images = TaskData.Normalise(TaskData.Images(data.TrainImages, 0, data.TrainCount, device));
        using var labels = TaskData.Labels(data.TrainLabels, 0, data.TrainCount, device);
        using var opt = new ScalarSafeAdamW(model.parameters(), c.PretrainLr, weightDecay: 0.01);
        var classes = Enumerable.Range(0, FashionMnist.Classes).ToArray();
        model.train();
        for (var step = 0; step < c.PretrainSteps; step++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            opt.LearningRate = c.PretrainLr * 0.5 * (1 + Math.Cos(Math.PI * step / c.PretrainSteps));
            var idx = randint(images.shape[0], [c.PretrainBatch], generator: g, device: device);
            var pick = randint(Vocabulary.Templates.Count, [classes.Length], generator: g).data<long>().ToArray();
            var captions = classes.Select(k => string.Format(Vocabulary.Templates[(int)pick[k]], Vocabulary.ClassNames[k])).ToArray();
            var texts = TextTokens.Encode(model, captions, device);
            var logits = model.EncodeImages(images[idx]).matmul(texts.t()).mul(model.ScaleTensor());
            var loss = nn.functional.cross_entropy(logits, labels[idx]);
            loss.backward();
            opt.Step();
            model.zero_grad();
        }
        model.eval();
        return model;
    }
}
