using System.Diagnostics;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Bench;

/// <summary>
/// Wall time of one-step <c>coto</c> trials through one <see cref="ProcessIsolatedTrialRunner"/> (a slot's long-lived trial
/// host): the first pays the host's start (dotnet, libtorch, data preparation, base model); the later ones are the
/// per-trial overhead (plus one step and the final evaluations, so an upper bound).
/// </summary>
public static class TrialHostBench
{
    public sealed record Result(double FirstSeconds, double LaterSeconds);

    public static async Task<Result> RunAsync(string? dataDir, string modelCache, int trials, CancellationToken cancellationToken)
    {
        var runner = new ProcessIsolatedTrialRunner(new CotoRunnerOptions(dataDir, modelCache, 1, "cpu"));
        var root = Directory.CreateTempSubdirectory("cotosweep-bench-host");
        try
        {
            var times = new List<double>();
            for (var i = 0; i < trials; i++)
            {
                var p = new Dictionary<string, ParamValue> { ["steps"] = ParamValue.Of(1L), ["eval_every"] = ParamValue.Of(1L) };
                var trial = new TrialSpec("coto", [], null, new Dictionary<string, string>(), p);
                var a = new TrialAssignment("bench", $"t{i:0000}-s0", 1, i, p, trial, new ObjectiveSpec("val_acc", Direction.Maximize, MetricUse.Last),
                    null, Path.Combine(root.FullName, $"t{i}"), null);
                var clock = Stopwatch.StartNew();
                var outcome = await runner.RunAsync(a, new NoProgress(), cancellationToken);
                if (!outcome.Succeeded) throw new UserError($"bench trial failed: {outcome.FailureReason}", ExitCodes.Failed);
                times.Add(clock.Elapsed.TotalSeconds);
            }
            return new Result(times[0], times.Skip(1).Average());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private sealed class NoProgress : ITrialProgress
    {
        public void Report(long step, IReadOnlyDictionary<string, double> metrics) { }
    }
}
