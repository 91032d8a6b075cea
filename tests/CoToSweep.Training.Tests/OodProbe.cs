using System.Diagnostics;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Data;
using CoToSweep.Training.Evaluation;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CoToSweep.Training.Tests;

/// <summary>
/// Manual measurement of candidate OOD tests (COTOSWEEP_PROBE=ood): a default 300-step adapter per downstream task on
/// the shipped subset, then its accuracy under each candidate corruption next to its in-distribution accuracy.
/// </summary>
public class OodProbe(ITestOutputHelper output)
{
    private static readonly (string Name, Func<Tensor, Tensor> Corrupt)[] Candidates =
    [
        ("noise0.3", x => Corruptions.Noise(x)), ("blur", Corruptions.Blur),
        ("noise0.1", x => Corruptions.Noise(x, 0.1)), ("noise0.12", x => Corruptions.Noise(x, 0.12)), ("noise0.15", x => Corruptions.Noise(x, 0.15)), ("noise0.2", x => Corruptions.Noise(x, 0.2)),
        ("rot10", x => Corruptions.Rotate(x, 10)), ("rot15", x => Corruptions.Rotate(x, 15)), ("rot20", x => Corruptions.Rotate(x, 20)),
        ("contrast0.5", x => Corruptions.Contrast(x, 0.5)), ("contrast0.3", x => Corruptions.Contrast(x, 0.3)),
        ("noise0.1+rot15", x => { using var r = Corruptions.Rotate(x, 15); return Corruptions.Noise(r, 0.1); }),
    ];

    [Fact]
    public void Probe()
    {
        if (Environment.GetEnvironmentVariable("COTOSWEEP_PROBE") != "ood") return;
        TorchRuntime.SetThreads(2);
        var env = TrainingEnvironment.Create(FashionMnist.ShippedSubsetDirectory, Path.Combine(Path.GetTempPath(), "cotosweep-ood-probe-models"), "cpu");
        var tasks = (Environment.GetEnvironmentVariable("COTOSWEEP_OOD_TASKS") ?? "fmnist-rotated,fmnist-inverted").Split(',');
        foreach (var task in tasks)
        {
            var clock = Stopwatch.StartNew();
            var cfg = new CotoConfig { Task = task, Steps = 300, EvalEvery = 100, Seed = 0 };
            using var run = CotoRun.Create(cfg, env);
            for (long step = 0; step < cfg.Steps; step++)
                run.Step(step, CotoTrainer.DrawMask(run, Schedule.P(cfg.Schedule, step, cfg.Steps)));
            var val = run.Evaluate("val");
            var test = run.Evaluate("test");
            output.WriteLine($"{task}: {clock.Elapsed.TotalSeconds:F0}s val_acc {val.Accuracy:F3} test_acc {test.Accuracy:F3}");
            foreach (var (name, corrupt) in Candidates)
            {
                using var data = TaskData.Build(env.Data, task, cfg.Sizes, env.Device, corrupt);
                var ood = Evaluator.Evaluate(run.Model, data.Ood);
                output.WriteLine($"  {name}: ood_acc {ood.Accuracy:F3} ({ood.Accuracy / val.Accuracy:P0} of val_acc)");
            }
        }
    }
}
