using System.Diagnostics;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Nemesis;

/// <summary>
/// CoOp prompt tuning with Nemesis (ALGORITHMS.md §2): the mini-CLIP frozen, context vectors trained by SGD on a few-shot
/// set with cross-entropy plus ω(t) · [β · PUN + (1 − β) · PAN]. A = 0 leaves the regulariser out of the step altogether
/// (no graph, no draws), so it is plain CoOp bit for bit under the same seed. Batch order, initialisation and PAN's draws
/// come from separate generators seeded by the trial seed, so changing A changes nothing else.
/// </summary>
public static class NemesisTrainer
{
    public static NemesisResult Train(NemesisConfig c, TrainingEnvironment env, Action<NemesisPoint>? progress, string? promptPath,
        CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var device = env.Device;
        using var clip = ClipStore.Load(env.BaseModels, c.Clip, env.Data, device, ct);
        using var data = NemesisData.Build(env.Data, c, clip, device);
        using var init = new Generator((ulong)c.Seed);
        using var order = new Generator((ulong)NemesisData.SampleSeed(c.Seed + 1));
        using var pan = new Generator((ulong)NemesisData.SampleSeed(c.Seed + 2));
        using var prompt = new PromptLearner(c, clip, init);
        using var sgd = new ScalarSafeSgd(prompt.Context, c.Momentum, c.WeightDecay);
        var loss = c.A > 0 ? new NemesisLoss(c) : null;
        var scale = clip.Scale;
        var curve = new List<NemesisPoint>();
        var n = data.Train.Y.shape[0];
        long step = 0;
        for (var epoch = 0; epoch < c.Epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            sgd.LearningRate = c.LearningRate(epoch);
            var perm = Perm(n, order);
            double lossSum = 0, regSum = 0, selectedSum = 0;
            long correctSum = 0, batches = 0, panSteps = 0;
            for (var start = 0; start < n; start += c.BatchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(c.BatchSize, n - start);
                var idx = tensor(perm.AsSpan(start, (int)count).ToArray(), device: device);
                var (x, y) = (data.Train.X.index_select(0, idx), data.Train.Y.index_select(0, idx));
                var logits = MiniClip.Logits(x, prompt.Encode(c.BaseClasses), scale);
                var total = nn.functional.cross_entropy(logits, y);
                var correct = PromptEval.Correct(logits, y);
                lossSum += total.item<float>();
                if (loss is not null)
                {
                    long Count(Tensor ctx) => PromptEval.Correct(MiniClip.Logits(x, PromptLearner.Encode(clip, ctx, c.BaseClasses, c.ClassTokenPosition), scale), y);
                    var (reg, selected) = loss.Compute(prompt.Context, epoch, Count, correct, pan);
                    regSum += reg.item<float>();
                    if (selected is { } s) { selectedSum += s; panSteps++; }
                    total = Scalars.Plus(total, reg);
                }
                total.backward();
                sgd.Step();
                prompt.Context.grad?.zero_();
                correctSum += correct;
                batches++;
                step++;
            }
            var point = new NemesisPoint(epoch, step, lossSum / batches, (double)correctSum / n, regSum / batches,
                panSteps > 0 ? selectedSum / panSteps : double.NaN, PromptNorms.Values(prompt.Context, c.NormType).Average());
            curve.Add(point);
            progress?.Invoke(point);
            if (!double.IsFinite(point.TrainLoss)) return new NemesisResult(new Dictionary<string, double> { ["step"] = step }, [], curve, true);
        }
        var norms = PromptNorms.Values(prompt.Context, c.NormType);
        var metrics = Evaluate(c, clip, data, prompt.Context, scale, "");
        foreach (var (k, v) in Evaluate(c, clip, data, null, scale, "zeroshot_")) metrics[k] = v;
        for (var i = 0; i < norms.Length; i++) metrics[NemesisKind.NormMetric(i)] = norms[i];
        metrics["prompt_norm_mean"] = norms.Average();
        metrics["train_loss"] = curve[^1].TrainLoss;
        metrics["train_acc"] = curve[^1].TrainAcc;
        metrics["reg_loss"] = curve[^1].RegLoss;
        metrics["epoch"] = c.Epochs;
        metrics["step"] = step;
        metrics["wall_seconds"] = clock.Elapsed.TotalSeconds;
        if (promptPath is not null) PromptCheckpoint.Save(promptPath, prompt.Context, c);
        return new NemesisResult(metrics, norms, curve, false);
    }

    /// <summary>base_acc, new_acc and h (base-to-new), shift_acc; with <paramref name="ctx"/> null, of the hand-written "a photo of a".</summary>
    public static Dictionary<string, double> Evaluate(NemesisConfig c, MiniClip clip, NemesisData data, Tensor? ctx, double scale, string prefix)
    {
        using var _ = no_grad();
        Tensor Texts(IReadOnlyList<int> classes) => ctx is null
            ? TextTokens.Encode(clip, TextTokens.Prompts(NemesisKind.ZeroShotPhrase, classes), clip.parameters().First().device)
            : PromptLearner.Encode(clip, ctx, classes, c.ClassTokenPosition);
        var metrics = new Dictionary<string, double>();
        using var baseTexts = Texts(c.BaseClasses);
        metrics[prefix + "base_acc"] = PromptEval.Score(data.Base, baseTexts, scale).Accuracy;
        metrics[prefix + "shift_acc"] = PromptEval.Score(data.Shifted, baseTexts, scale).Accuracy;
        if (data.New is { } held)
        {
            using var newTexts = Texts(c.NewClasses);
            metrics[prefix + "new_acc"] = PromptEval.Score(held, newTexts, scale).Accuracy;
            metrics[prefix + "h"] = PromptEval.Harmonic(metrics[prefix + "base_acc"], metrics[prefix + "new_acc"]);
        }
        return metrics;
    }

    private static long[] Perm(long n, Generator g)
    {
        using var p = randperm(n, generator: g);
        return p.data<long>().ToArray();
    }
}
