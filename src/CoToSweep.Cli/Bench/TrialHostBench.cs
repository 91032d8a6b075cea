using System.Diagnostics;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Bench;

/// <summary>
/// Wall time of one-step <c>coto</c> trials through one <see cref="ProcessIsolatedTrialRunner"/> (a slot's long-lived trial
/// host): the first pays the host's start (dotnet, libtorch, data preparation, base model); the later ones are
/// compared with the same trials run in this process by the same trainer, warm (data and base model loaded): the
/// difference is what a trial pays for going through a host (assignment file, pipes, output files, result parsing).
/// </summary>
public static class TrialHostBench
{
    /// <param name="InProcessSeconds">The later trials' mean wall time in this process (the baseline).</param>
    public sealed record Result(double FirstSeconds, double LaterSeconds, double InProcessSeconds)
    {
        public double OverheadSeconds => LaterSeconds - InProcessSeconds;
    }

    public static async Task<Result> RunAsync(string? dataDir, string modelCache, int trials, CancellationToken cancellationToken)
    {
        var options = new CotoRunnerOptions(dataDir, modelCache, 1, "cpu");
        var hosted = await TimeAsync(new ProcessIsolatedTrialRunner(options), trials, cancellationToken);
        var inProcess = await TimeAsync(new CotoTrialRunner(options), trials, cancellationToken);
        return new Result(hosted[0], hosted.Skip(1).Average(), inProcess.Skip(1).Average());
    }

    /// <summary>Wall seconds of each of <paramref name="trials"/> one-step trials through <paramref name="runner"/>, in turn.</summary>
    private static async Task<List<double>> TimeAsync(ITrialRunner runner, int trials, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("cotosweep-bench-host");
        try
        {
            var times = new List<double>();
            for (var i = 0; i < trials; i++)
            {
                // One step and small evaluation sets: what is left of the wall time is the trial's fixed cost.
                var p = new Dictionary<string, ParamValue>
                {
                    ["steps"] = ParamValue.Of(1L), ["eval_every"] = ParamValue.Of(1L), ["val_size"] = ParamValue.Of(64L), ["test_size"] = ParamValue.Of(64L),
                };
                var trial = new TrialSpec("coto", [], null, new Dictionary<string, string>(), p);
                var a = new TrialAssignment("bench", $"t{i:0000}-s0", 1, i, p, trial, new ObjectiveSpec("val_acc", Direction.Maximize, MetricUse.Last),
                    null, Path.Combine(root.FullName, $"t{i}"), null);
                var clock = Stopwatch.StartNew();
                var outcome = await runner.RunAsync(a, new NoProgress(), cancellationToken);
                if (!outcome.Succeeded) throw new UserError($"bench trial failed: {outcome.FailureReason}", ExitCodes.Failed);
                times.Add(clock.Elapsed.TotalSeconds);
            }
            return times;
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
