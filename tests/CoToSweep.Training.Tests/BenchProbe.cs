using CoToSweep.Training.Benchmarks;
using Xunit.Abstractions;

namespace CoToSweep.Training.Tests;

public class BenchProbe(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        if (Environment.GetEnvironmentVariable("COTOSWEEP_PROBE") is null) return;
        var r = TrainingBenchmark.Run(Tiny.Env, new TrainingBenchmarkOptions(Steps: 20));
        output.WriteLine($"steps/s {r.StepsPerSecond:F2} model {r.ModelFlopsPerSecond / 1e9:F2} GF/s matmul {r.MatmulFlopsPerSecond / 1e9:F2} GF/s frac {r.FlopsFraction:F3} full {r.MsPerStepFull:F1} half {r.MsPerStepHalf:F1} active {r.ActiveFractionHalf:F2}");
    }
}
