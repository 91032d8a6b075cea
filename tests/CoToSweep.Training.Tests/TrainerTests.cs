using CoToSweep.Training.Coto;

namespace CoToSweep.Training.Tests;

public class TrainerTests
{
    [Fact]
    public void Same_seed_gives_the_same_numbers_and_another_seed_does_not()
    {
        var a = CotoTrainer.Train(Tiny.Config(seed: 4), Tiny.Env);
        var b = CotoTrainer.Train(Tiny.Config(seed: 4), Tiny.Env);
        var c = CotoTrainer.Train(Tiny.Config(seed: 5), Tiny.Env);
        string[] deterministic = ["val_acc", "val_loss", "test_acc", "test_loss", "ood_acc", "ood_loss", "train_loss", "active_fraction"];
        foreach (var m in deterministic) Assert.Equal(a.Metrics[m], b.Metrics[m]);
        Assert.Equal(a.Curve, b.Curve);
        Assert.NotEqual(a.Metrics["train_loss"], c.Metrics["train_loss"]);
    }

    [Fact]
    public void Training_reports_a_sparse_curve_and_all_metrics()
    {
        var points = new List<CurvePoint>();
        var r = CotoTrainer.Train(Tiny.Config(steps: 10), Tiny.Env, points.Add);
        Assert.Equal([4L, 8L, 10L], points.Select(p => p.Step));
        Assert.Equal(points, r.Curve);
        foreach (var m in Domain.Sweeps.Kinds.CotoKind.Metrics) Assert.True(r.Metrics.ContainsKey(m), m);
        Assert.InRange(r.Metrics["active_fraction"], 0.3, 0.95); // a linear ramp from 0: well below always-on
        Assert.Equal(1.0, r.Metrics["p"]);
    }

    [Fact]
    public void Nan_loss_stops_the_trial_with_its_step()
    {
        var r = CotoTrainer.Train(Tiny.Config() with { Lr = 1e15, LrSchedule = "constant", Schedule = new ScheduleSpec("constant") }, Tiny.Env);
        Assert.True(r.Failed);
        Assert.InRange(r.NanAtStep!.Value, 2, 12);
    }
}
