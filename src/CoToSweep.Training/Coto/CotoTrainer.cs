using System.Diagnostics;
using CoToSweep.Training.Evaluation;

namespace CoToSweep.Training.Coto;

/// <summary>
/// Trains one CoTo trial: at every optimizer step p(t) from the schedule, per-group probabilities from the
/// order, one gate draw, one step. Evaluation (sparse, every eval_every steps, and at the end) uses all adapters.
/// </summary>
public static class CotoTrainer
{
    public static CotoResult Train(CotoConfig config, TrainingEnvironment env, Action<CurvePoint>? onEval = null,
        string? adapterPath = null, CancellationToken ct = default)
    {
        var wall = Stopwatch.StartNew();
        using var run = CotoRun.Create(config, env, ct);
        var baseVal = run.Evaluate("val", new bool[run.Groups.Count]); // all adapters off: the base model on this task
        var curve = new List<CurvePoint>();
        var trainTime = new Stopwatch();
        double windowLoss = 0, activeSum = 0, windowActive = 0;
        var windowSteps = 0;
        var p = 0.0;
        var g = run.Groups.Count;
        for (long step = 0; step < config.Steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            trainTime.Start();
            p = Schedule.P(config.Schedule, step, config.Steps);
            var mask = DrawMask(run, p);
            var loss = run.Step(step, mask);
            trainTime.Stop();
            if (double.IsNaN(loss) || double.IsInfinity(loss))
                return new CotoResult(new Dictionary<string, double> { ["step"] = step + 1 }, curve, step + 1);
            var active = mask.Count(m => m) / (double)g;
            activeSum += active;
            windowActive += active;
            windowLoss += loss;
            windowSteps++;
            if ((step + 1) % config.EvalEvery == 0 || step + 1 == config.Steps)
            {
                var val = run.Evaluate("val");
                var point = new CurvePoint(step + 1, p, windowActive / windowSteps, windowLoss / windowSteps, val.Accuracy, val.Loss);
                curve.Add(point);
                onEval?.Invoke(point);
                windowLoss = windowActive = 0;
                windowSteps = 0;
            }
        }
        var last = curve[^1];
        var test = run.Evaluate("test");
        var ood = run.Evaluate("ood");
        if (adapterPath is not null) run.SaveAdapter(adapterPath);
        var metrics = new Dictionary<string, double>
        {
            ["val_acc"] = last.ValAcc, ["val_loss"] = last.ValLoss,
            ["test_acc"] = test.Accuracy, ["test_loss"] = test.Loss,
            ["ood_acc"] = ood.Accuracy, ["ood_loss"] = ood.Loss,
            ["train_loss"] = last.TrainLoss, ["base_val_acc"] = baseVal.Accuracy,
            ["active_fraction"] = activeSum / config.Steps, ["p"] = p,
            ["steps_per_second"] = config.Steps / trainTime.Elapsed.TotalSeconds,
            ["wall_seconds"] = wall.Elapsed.TotalSeconds, ["step"] = config.Steps,
        };
        return new CotoResult(metrics, curve, null);
    }

    /// <summary>The gate for one step: equal probabilities for the uniform order, per-layer ones otherwise.</summary>
    public static bool[] DrawMask(CotoRun run, double p)
    {
        var s = run.Config.Schedule;
        if (s.Order == "uniform") return CotoGate.Draw(run.Groups.Count, p, run.GateRandom);
        var perGroup = run.Groups.Select(gr => Schedule.ForLayer(s, p, gr.Layer, run.Layout.Layers)).ToArray();
        return CotoGate.Draw(perGroup, run.GateRandom);
    }
}
