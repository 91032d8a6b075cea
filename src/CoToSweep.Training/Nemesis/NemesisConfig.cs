using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;

namespace CoToSweep.Training.Nemesis;

/// <summary>Everything one Nemesis trial needs (ALGORITHMS.md §2; keys and defaults in <see cref="NemesisKind"/>).</summary>
public sealed record NemesisConfig
{
    public int Shots { get; init; } = 16;
    public string Split { get; init; } = "all";
    public string Shift { get; init; } = "noise";
    public int TestSize { get; init; } = 1000;
    public int Epochs { get; init; } = 20;
    public int BatchSize { get; init; } = 32;
    public double Lr { get; init; } = 0.002;
    public string LrSchedule { get; init; } = "cosine";
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;
    public int WarmupEpochs { get; init; } = 1;
    public double WarmupLr { get; init; } = 1e-5;
    public int NCtx { get; init; } = 16;
    public string CtxInit { get; init; } = "";
    public string ClassTokenPosition { get; init; } = "end";
    public bool Csc { get; init; }
    public double A { get; init; }
    public string NormType { get; init; } = "two";
    public double Beta { get; init; } = 1;
    public string Np { get; init; } = "4";
    public double Cw { get; init; } = 0.5;
    public string Omega { get; init; } = "decay";
    public long Seed { get; init; }
    public ClipConfig Clip { get; init; } = new();

    /// <summary>The classes prompts are trained on: all ten, or the first half (base-to-new).</summary>
    public IReadOnlyList<int> BaseClasses => Split switch
    {
        "all" => Enumerable.Range(0, 10).ToArray(),
        "base-to-new" => [0, 1, 2, 3, 4],
        _ => throw new ArgumentException($"unknown split '{Split}'"),
    };

    /// <summary>The held-out classes of base-to-new (none otherwise).</summary>
    public IReadOnlyList<int> NewClasses => Split == "base-to-new" ? [5, 6, 7, 8, 9] : [];

    /// <summary>The learning rate of an epoch: the warm-up's constant, then cosine (or constant) over the remaining epochs.</summary>
    public double LearningRate(int epoch) =>
        epoch < WarmupEpochs ? WarmupLr : Coto.CotoRun.LearningRate(LrSchedule, Lr, epoch - WarmupEpochs, Epochs - WarmupEpochs);

    /// <summary>ω of an epoch: <c>decay</c> 1 − sigmoid(0.2·(epoch − E/2)), <c>constant</c> 1.</summary>
    public double OmegaAt(int epoch) => Omega switch
    {
        "decay" => 1 - 1 / (1 + Math.Exp(-0.2 * (epoch - Epochs / 2.0))),
        "constant" => 1,
        _ => throw new ArgumentException($"unknown omega '{Omega}'"),
    };

    public static NemesisConfig FromParams(IReadOnlyDictionary<string, ParamValue> given, long seed)
    {
        if (NemesisKind.Check(given) is { } problem) throw new ArgumentException(problem);
        var p = NemesisKind.WithDefaults(given);
        string S(string k) => p[k].ToString();
        int I(string k) => checked((int)p[k].AsDouble());
        double D(string k) => p[k].AsDouble();
        return new NemesisConfig
        {
            Shots = I("shots"), Split = S("split"), Shift = S("shift"), TestSize = I("test_size"), Epochs = I("epochs"),
            BatchSize = I("batch_size"), Lr = D("lr"), LrSchedule = S("lr_schedule"), Momentum = D("momentum"),
            WeightDecay = D("weight_decay"), WarmupEpochs = I("warmup_epochs"), WarmupLr = D("warmup_lr"), NCtx = I("n_ctx"),
            CtxInit = S("ctx_init"), ClassTokenPosition = S("class_token_position"), Csc = p["csc"].Boolean, A = D("A"),
            NormType = S("norm_type"), Beta = D("beta"), Np = S("np"), Cw = D("cw"), Omega = S("omega"), Seed = seed,
            Clip = new ClipConfig(I("clip.width"), I("clip.embed"), I("clip.text_layers"), I("clip.pretrain_steps"),
                I("clip.pretrain_batch"), D("clip.pretrain_lr"), (long)D("clip.seed")),
        };
    }
}
