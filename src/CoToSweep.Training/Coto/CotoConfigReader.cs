using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training.Adapters;
using CoToSweep.Training.Models;

namespace CoToSweep.Training.Coto;

/// <summary>Builds a <see cref="CotoConfig"/> from a trial's dotted parameters, defaults from <see cref="CotoKind"/>.</summary>
public static class CotoConfigReader
{
    public static CotoConfig FromParams(IReadOnlyDictionary<string, ParamValue> given, long seed)
    {
        if (CotoKind.Check(given) is { } problem) throw new ArgumentException(problem);
        var p = CotoKind.WithDefaults(given);
        string S(string k) => p[k].ToString();
        int I(string k) => checked((int)p[k].AsDouble());
        double D(string k) => p[k].AsDouble();
        var config = new CotoConfig
        {
            Task = S("task"),
            Steps = I("steps"),
            Lr = D("lr"),
            LrSchedule = S("lr_schedule"),
            BatchSize = I("batch_size"),
            WeightDecay = D("weight_decay"),
            EvalEvery = I("eval_every"),
            TrainSize = I("train_size") == 0 ? null : I("train_size"),
            ValSize = I("val_size"),
            TestSize = I("test_size"),
            TrainHead = p["train_head"].Kind == ParamKind.Boolean ? p["train_head"].Boolean : D("train_head") != 0,
            Seed = seed,
            Adapter = new AdapterSpec(S("adapter.method"), I("adapter.rank"), D("adapter.alpha"),
                S("adapter.targets").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
            Schedule = new ScheduleSpec(S("schedule.shape"), D("schedule.p_start"), D("schedule.p_end"), D("schedule.ramp_fraction"),
                D("schedule.sharpness"), I("schedule.stages"), S("schedule.order"), D("schedule.order_strength"), S("schedule.granularity")),
            Base = new VitConfig(I("base.patch_size"), I("base.depth"), I("base.width"), I("base.heads"), I("base.mlp_hidden"),
                I("base.pretrain_steps"), I("base.pretrain_batch"), D("base.pretrain_lr"), (long)D("base.seed")),
        };
        config.Validate();
        return config;
    }
}
