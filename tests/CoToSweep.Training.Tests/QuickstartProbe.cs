using System.Diagnostics;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Models;
using Xunit.Abstractions;

namespace CoToSweep.Training.Tests;

/// <summary>Manual timing of the quickstart's work (COTOSWEEP_PROBE=1): pretraining, then one trial of each arm.</summary>
public class QuickstartProbe(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        if (Environment.GetEnvironmentVariable("COTOSWEEP_PROBE") != "quickstart") return;
        var env = TrainingEnvironment.Create(null, Directory.CreateTempSubdirectory("qs-models").FullName, "cpu");
        TorchRuntime.SetThreads(1);
        var clock = Stopwatch.StartNew();
        env.BaseModels.Ensure(new VitConfig(), env.Data, env.Device);
        output.WriteLine($"pretrain {clock.Elapsed.TotalSeconds:F1}s data {env.Data.Source}");
        foreach (var shape in new[] { "constant", "linear" })
        {
            clock.Restart();
            var cfg = new CotoConfig { Steps = 300, EvalEvery = 100, Seed = 0, Schedule = new ScheduleSpec(shape) };
            var r = CotoTrainer.Train(cfg, env);
            output.WriteLine($"{shape}: {clock.Elapsed.TotalSeconds:F1}s " + string.Join(" ", r.Metrics.Select(kv => $"{kv.Key}={kv.Value:G4}")));
        }
    }
}
