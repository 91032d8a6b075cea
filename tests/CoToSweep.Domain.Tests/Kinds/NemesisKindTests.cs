using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;

namespace CoToSweep.Domain.Tests.Kinds;

/// <summary>The nemesis kind's value checks: every key refuses a bad value in one line naming it; the defaults pass.</summary>
public sealed class NemesisKindTests
{
    public static TheoryData<string, ParamValue, string> BadValues => new()
    {
        { "shots", ParamValue.Of(0L), "shots = 0 is out of range" },
        { "shots", ParamValue.Of(2.5), "shots must be an integer" },
        { "split", ParamValue.Of("half"), "split 'half' is not one of all, base-to-new" },
        { "shift", ParamValue.Of("fog"), "shift 'fog' is not one of noise, blur, contrast, inverted, rotated" },
        { "test_size", ParamValue.Of(0L), "test_size = 0 is out of range" },
        { "epochs", ParamValue.Of(1L), "epochs must be more than warmup_epochs" },
        { "batch_size", ParamValue.Of(0L), "batch_size = 0 is out of range" },
        { "lr", ParamValue.Of(0.0), "lr = 0 must be a positive number" },
        { "lr_schedule", ParamValue.Of("step"), "lr_schedule 'step' is not one of cosine, constant" },
        { "momentum", ParamValue.Of(1.0), "momentum = 1 is out of range" },
        { "weight_decay", ParamValue.Of(-1.0), "weight_decay = -1 is out of range" },
        { "warmup_epochs", ParamValue.Of(-1L), "warmup_epochs = -1 is out of range" },
        { "warmup_lr", ParamValue.Of(0.0), "warmup_lr = 0 must be a positive number" },
        { "n_ctx", ParamValue.Of(33L), "n_ctx = 33 is out of range [1, 32]" },
        { "ctx_init", ParamValue.Of("a zebra"), "ctx_init: 'zebra' is not a prompt word" },
        { "ctx_init", ParamValue.Of("a photo of a"), "ctx_init 'a photo of a' has 4 words, so n_ctx must be 4, not 16" },
        { "class_token_position", ParamValue.Of("last"), "class_token_position 'last' is not one of end, middle, front" },
        { "csc", ParamValue.Of("yes"), "csc must be true or false, not 'yes'" },
        { "A", ParamValue.Of(-1.0), "A = -1 is out of range" },
        { "norm_type", ParamValue.Of("three"), "norm_type 'three' is not one of one, two, inf" },
        { "beta", ParamValue.Of(1.5), "beta = 1.5 is out of range [0, 1]" },
        { "np", ParamValue.Of("rand"), "np must be a positive integer or random<k> (e.g. 4, random2), not 'rand'" },
        { "cw", ParamValue.Of(-0.5), "cw = -0.5 is out of range" },
        { "omega", ParamValue.Of("linear"), "omega 'linear' is not one of decay, constant" },
        { "clip.width", ParamValue.Of(1L), "clip.width = 1 is out of range" },
        { "clip.embed", ParamValue.Of(0L), "clip.embed = 0 is out of range" },
        { "clip.text_layers", ParamValue.Of(0L), "clip.text_layers = 0 is out of range" },
        { "clip.pretrain_steps", ParamValue.Of(0L), "clip.pretrain_steps = 0 is out of range" },
        { "clip.pretrain_batch", ParamValue.Of(0L), "clip.pretrain_batch = 0 is out of range" },
        { "clip.pretrain_lr", ParamValue.Of(0.0), "clip.pretrain_lr = 0 must be a positive number" },
        { "clip.seed", ParamValue.Of("zero"), "clip.seed must be an integer" },
        { "no_such_key", ParamValue.Of(1L), "unknown parameter 'no_such_key' for kind 'nemesis'" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Each_key_refuses_a_bad_value_in_one_line(string key, ParamValue value, string message)
    {
        var problem = NemesisKind.Check(new Dictionary<string, ParamValue> { [key] = value });
        Assert.NotNull(problem);
        Assert.StartsWith(message, problem);
    }

    [Fact]
    public void Every_key_is_covered_and_the_defaults_pass()
    {
        Assert.Null(NemesisKind.Check(new Dictionary<string, ParamValue>()));
        var covered = BadValues.Select(row => (string)row[0]).ToHashSet();
        Assert.All(NemesisKind.Params, key => Assert.Contains(key, covered));
    }

    [Fact]
    public void Np_beyond_the_context_matters_only_with_pan_and_csc_has_no_new_classes()
    {
        var p = new Dictionary<string, ParamValue> { ["n_ctx"] = ParamValue.Of(2L), ["np"] = ParamValue.Of("random3") };
        Assert.Null(NemesisKind.Check(p));
        p["beta"] = ParamValue.Of(0.0);
        Assert.Equal("np = random3 asks for 3 positions of 2 (n_ctx)", NemesisKind.Check(p));
        Assert.StartsWith("csc (a context per class)",
            NemesisKind.Check(new Dictionary<string, ParamValue> { ["csc"] = ParamValue.Of(true), ["split"] = ParamValue.Of("base-to-new") }));
    }

    [Fact]
    public void The_validator_reports_a_bad_nemesis_value_at_the_trial_with_exit_worthy_problems()
    {
        var d = SpecReader.Parse("name: n\ntrial:\n  kind: nemesis\n  norm_type: three\nobjective: { metric: base_acc, direction: maximize }\n" +
                                 "search:\n  algorithm: grid\n  space:\n    A: [0, 10]\n");
        Assert.False(d.IsValid);
        var line = Assert.Single(d.Problems.Select(p => p.Format("s.yaml")).Distinct());
        Assert.Matches(@"^s\.yaml:\d+:\d+: trial t0000-s\d+: norm_type 'three' is not one of one, two, inf$", line);
    }
}
