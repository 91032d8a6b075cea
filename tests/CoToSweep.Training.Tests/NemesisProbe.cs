using CoToSweep.Domain.Sweeps;
using CoToSweep.Training.Data;
using CoToSweep.Training.Nemesis;
using Xunit.Abstractions;

namespace CoToSweep.Training.Tests;

/// <summary>
/// Manual measurement of the default Nemesis world (COTOSWEEP_PROBE=nemesis): the mini-CLIP's zero-shot accuracy and
/// CoOp / PUN / PAN trials at a few shot counts, with wall times. COTOSWEEP_NEMESIS_PARAMS adds k=v;k=v overrides.
/// </summary>
public class NemesisProbe(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        if (Environment.GetEnvironmentVariable("COTOSWEEP_PROBE") != "nemesis") return;
        TorchRuntime.SetThreads(2);
        var env = TrainingEnvironment.Create(FashionMnist.ShippedSubsetDirectory, Path.Combine(Path.GetTempPath(), "cotosweep-nemesis-probe-models"), "cpu");
        var extra = (Environment.GetEnvironmentVariable("COTOSWEEP_NEMESIS_PARAMS") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => double.TryParse(kv[1], System.Globalization.CultureInfo.InvariantCulture, out var d)
                ? (kv[1].Contains('.') || kv[1].Contains('e') ? ParamValue.Of(d) : ParamValue.Of((long)d)) : ParamValue.Of(kv[1]));
        var shotList = (Environment.GetEnvironmentVariable("COTOSWEEP_NEMESIS_SHOTS") ?? "1,4,16").Split(',').Select(int.Parse);
        var variants = new[] { ("coop", 0.0, 1.0), ("pun", 10.0, 1.0), ("pan", 10.0, 0.0) }
            .Where(v => (Environment.GetEnvironmentVariable("COTOSWEEP_NEMESIS_VARIANTS") ?? "coop,pun,pan").Split(',').Contains(v.Item1));
        foreach (var shots in shotList)
            foreach (var (name, a, beta) in variants)
                foreach (var seed in new long[] { 1, 2 })
                {
                    var p = new Dictionary<string, ParamValue>(extra) { ["shots"] = ParamValue.Of((long)shots), ["A"] = ParamValue.Of(a), ["beta"] = ParamValue.Of(beta) };
                    var r = NemesisTrainer.Train(NemesisConfig.FromParams(p, seed), env, null, null);
                    var m = r.Metrics;
                    output.WriteLine($"{shots,2} shots {name,-4} s{seed}: base {m["base_acc"]:F3} shift {m["shift_acc"]:F3} zs {m["zeroshot_base_acc"]:F3} " +
                        $"norm {m["prompt_norm_mean"]:F3} {(m.TryGetValue("h", out var h) ? $"h {h:F3}" : "")} {m["wall_seconds"]:F1}s");
                }
    }
}
