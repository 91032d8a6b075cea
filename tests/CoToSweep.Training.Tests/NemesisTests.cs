using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training.Nemesis;
using static TorchSharp.torch;

namespace CoToSweep.Training.Tests;

/// <summary>Nemesis on a tiny mini-CLIP (width 16, 20 pretraining steps): the losses' maths, PAN's selection, A = 0 as CoOp, few-shot sampling.</summary>
public sealed class NemesisTests
{
    public static readonly Dictionary<string, ParamValue> TinyParams = new()
    {
        ["shots"] = ParamValue.Of(2L), ["epochs"] = ParamValue.Of(3L), ["test_size"] = ParamValue.Of(200L), ["n_ctx"] = ParamValue.Of(4L),
        ["batch_size"] = ParamValue.Of(8L), ["lr"] = ParamValue.Of(0.01), ["np"] = ParamValue.Of("2"),
        ["clip.width"] = ParamValue.Of(16L), ["clip.embed"] = ParamValue.Of(16L), ["clip.pretrain_steps"] = ParamValue.Of(20L),
        ["clip.pretrain_batch"] = ParamValue.Of(32L),
    };

    public static NemesisConfig Config(long seed = 1, params (string Key, ParamValue Value)[] overrides)
    {
        var p = new Dictionary<string, ParamValue>(TinyParams);
        foreach (var (k, v) in overrides) p[k] = v;
        return NemesisConfig.FromParams(p, seed);
    }

    [Theory]
    [InlineData("two")]
    [InlineData("one")]
    [InlineData("inf")]
    public void PunGradientIsAVOverNormOverM(string normType)
    {
        using var g = new Generator(3);
        using var ctx = randn([4, 5], generator: g).requires_grad_(true);
        const double a = 7;
        using var loss = NemesisLoss.Pun(ctx, normType, a);
        loss.backward();
        var v = ctx.detach().data<float>().ToArray();
        var grad = ctx.grad!.data<float>().ToArray();
        for (var i = 0; i < 4; i++)
        {
            var row = v.Skip(i * 5).Take(5).ToArray();
            var norm = Math.Sqrt(row.Sum(x => (double)x * x));
            var argmax = Array.IndexOf(row.Select(Math.Abs).ToArray(), row.Max(Math.Abs));
            for (var j = 0; j < 5; j++)
            {
                var expected = normType switch
                {
                    "two" => a * row[j] / norm / 4,
                    "one" => a * Math.Sign(row[j]) / 4,
                    _ => j == argmax ? a * Math.Sign(row[j]) / 4 : 0,
                };
                Assert.Equal(expected, grad[i * 5 + j], 5);
            }
        }
    }

    [Fact]
    public void PanSelectsExactlyThePositionsWhoseRescalingHelps()
    {
        // A constructed batch: class c's score is Σ_i w[i, c]·‖v_i‖, so halving one position's vector moves every score by
        // a known amount. Positions 1 and 3 push towards the wrong class, so halving them helps; 0 hurts, 2 changes nothing.
        using var ctx = tensor(new float[] { 1, 0, 1, 0, 1, 0, 1, 0 }, [4, 2]);
        using var w = tensor(new float[] { 2, 0, 0, 1.2f, 0, 0, 0, 0.9f }, [4, 2]);
        using var y = tensor(new long[] { 0, 0, 0 });
        using var bias = tensor(new float[] { 0, 0.2f, 0, -0.05f, 0, 0.5f }, [3, 2]);
        long Correct(Tensor c)
        {
            using var norms = PromptNorms.Of(c, "two");
            using var scores = norms.unsqueeze(0).matmul(w);
            using var logits = scores.add(bias);
            return PromptEval.Correct(logits, y);
        }
        var unchanged = Correct(ctx);
        var expected = Enumerable.Range(0, 4).Where(s =>
        {
            using var scaled = ctx.clone();
            scaled[s].mul_(0.5);
            return Correct(scaled) > unchanged;
        }).Select(s => (long)s).ToArray();
        Assert.Equal([1L, 3L], expected);
        Assert.Equal(expected, NemesisLoss.Select(ctx, [0, 1, 2, 3], 0.5, Correct, unchanged));
        Assert.Equal([3L], NemesisLoss.Select(ctx, [3, 0], 0.5, Correct, unchanged));
        // The loss weights the selected positions' norms: A · mean(‖v_1‖, ‖v_3‖).
        using var pan = NemesisLoss.PanOf(ctx, "two", 10, [1, 3]);
        Assert.Equal(10.0, pan.item<float>(), 5);
    }

    private static string[] Compared(NemesisResult r) =>
        r.Metrics.Where(m => m.Key != "wall_seconds").OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value:R}").ToArray();

    [Fact]
    public void AZeroIsCoopBitForBitUnderTheSameSeed()
    {
        var coop = NemesisTrainer.Train(Config(), Tiny.Env, null, null);
        // Every Nemesis knob set, but A = 0: the same trial (norm_type stays two: it is also the norm the metrics report).
        var knobs = NemesisTrainer.Train(Config(1, ("beta", ParamValue.Of(0.0)), ("np", ParamValue.Of("random2")),
            ("omega", ParamValue.Of("constant")), ("cw", ParamValue.Of(3.0))), Tiny.Env, null, null);
        Assert.Equal(Compared(coop), Compared(knobs));
        var again = NemesisTrainer.Train(Config(), Tiny.Env, null, null);
        Assert.Equal(Compared(coop), Compared(again));
        // …and A > 0 does change the prompt, so the comparison can fail.
        var pun = NemesisTrainer.Train(Config(1, ("A", ParamValue.Of(1.0))), Tiny.Env, null, null);
        Assert.NotEqual(coop.Norms, pun.Norms);
        Assert.True(pun.Norms.Average() < coop.Norms.Average(), $"PUN norms {pun.Norms.Average()} vs CoOp {coop.Norms.Average()}");
    }

    [Fact]
    public void FewShotSamplingIsSeededAndClassBalanced()
    {
        var labels = Tiny.Env.Data.TrainLabels;
        int[] classes = [0, 3, 7];
        var a = FewShot.Sample(labels, classes, 4, 11);
        Assert.Equal(a, FewShot.Sample(labels, classes, 4, 11));
        Assert.NotEqual(a, FewShot.Sample(labels, classes, 4, 12));
        Assert.Equal(12, a.Distinct().Count());
        Assert.Equal([0, 0, 0, 0, 3, 3, 3, 3, 7, 7, 7, 7], a.Select(i => (int)labels[i]));
    }

    [Fact]
    public void ATrialReportsAccuraciesTheZeroShotBaselineAndEveryPositionsNorm()
    {
        var points = new List<NemesisPoint>();
        var r = NemesisTrainer.Train(Config(2, ("split", ParamValue.Of("base-to-new")), ("A", ParamValue.Of(1.0)), ("beta", ParamValue.Of(0.0))),
            Tiny.Env, points.Add, null);
        Assert.False(r.Failed);
        Assert.Equal(3, points.Count);
        foreach (var m in new[] { "base_acc", "new_acc", "h", "shift_acc", "zeroshot_base_acc", "zeroshot_new_acc", "zeroshot_h", "zeroshot_shift_acc" })
            Assert.InRange(r.Metrics[m], 0, 1);
        Assert.Equal(PromptEval.Harmonic(r.Metrics["base_acc"], r.Metrics["new_acc"]), r.Metrics["h"], 12);
        Assert.Equal(4, r.Norms.Count);
        for (var i = 0; i < 4; i++) Assert.Equal(r.Norms[i], r.Metrics[NemesisKind.NormMetric(i)]);
        Assert.All(r.Metrics.Keys, k => Assert.Contains(k, NemesisKind.Metrics));
    }

    [Fact]
    public void CorruptionWithTauOneChangesNothingAndZeroingAPositionDoes()
    {
        var dir = Directory.CreateTempSubdirectory("cotosweep-corruption-");
        try
        {
            var path = Path.Combine(dir.FullName, PromptCheckpoint.FileName);
            var trained = NemesisTrainer.Train(Config(3), Tiny.Env, null, path);
            using var evaluator = new CorruptionEvaluator(path, Tiny.Env);
            Assert.Equal(4, evaluator.Positions);
            var original = evaluator.Evaluate(-1, "original", 1, 0);
            Assert.Equal(trained.Metrics["base_acc"], original.Accuracy);
            for (var s = 0; s < 4; s++) Assert.Equal(original, evaluator.Evaluate(s, "rescale", 1, 0));
            Assert.NotEqual(original.Loss, evaluator.Evaluate(0, "replace", 0, 0).Loss);
            Assert.NotEqual(evaluator.Evaluate(1, "replace", 0.5, 1).Loss, evaluator.Evaluate(1, "replace", 0.5, 2).Loss);
            Assert.Equal(evaluator.Evaluate(1, "replace", 0.5, 1), evaluator.Evaluate(1, "replace", 0.5, 1));
        }
        finally { dir.Delete(true); }
    }
}
