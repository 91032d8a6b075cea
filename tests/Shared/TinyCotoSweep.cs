using System.Collections.Concurrent;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Tests.Shared;

/// <summary>
/// A coto sweep on tiny data (7×7 patches, 2 blocks of width 16, 12 steps: seconds of TorchSharp work) with a Shapley
/// analysis, for the tests that run it in-process and through the CLI (the analysis block is on line 17); and one tiny
/// coto trial assignment for the tests of the runners.
/// </summary>
public static class TinyCotoSweep
{
    /// <summary>The CPU runner options of the tests; base models go to a cache shared by every test.</summary>
    public static readonly CotoRunnerOptions RunnerOptions = new(null, Path.Combine(Path.GetTempPath(), "cotosweep-tests-models"), 1, "cpu");

    /// <summary>Attempt 1 of trial t0000-s0: 8 steps on tiny data, parameters overridden by <paramref name="extra"/>.</summary>
    public static TrialAssignment Assignment(Dictionary<string, ParamValue> extra, string dir)
    {
        var p = new Dictionary<string, ParamValue>
        {
            ["steps"] = ParamValue.Of(8L), ["eval_every"] = ParamValue.Of(4L), ["batch_size"] = ParamValue.Of(16L),
            ["train_size"] = ParamValue.Of(300L), ["val_size"] = ParamValue.Of(100L), ["test_size"] = ParamValue.Of(100L),
            ["base.patch_size"] = ParamValue.Of(7L), ["base.depth"] = ParamValue.Of(3L), ["base.width"] = ParamValue.Of(16L),
            ["base.heads"] = ParamValue.Of(2L), ["base.mlp_hidden"] = ParamValue.Of(32L), ["base.pretrain_steps"] = ParamValue.Of(20L),
            ["base.pretrain_batch"] = ParamValue.Of(32L), ["adapter.targets"] = ParamValue.Of("q,v"),
        };
        foreach (var (k, v) in extra) p[k] = v;
        var trial = new TrialSpec("coto", [], null, new Dictionary<string, string>(), p);
        return new TrialAssignment("s", "t0000-s0", 1, 0, p, trial, new ObjectiveSpec("val_acc", Direction.Maximize, MetricUse.Last), null, dir, null);
    }

    /// <summary>Keeps every progress report a runner makes.</summary>
    public sealed class RecordedProgress : ITrialProgress
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<(long Step, IReadOnlyDictionary<string, double> Metrics)> Reports { get; } = new();

        /// <summary>Completes at the first report: training is under way.</summary>
        public Task FirstReport => _first.Task;

        public void Report(long step, IReadOnlyDictionary<string, double> metrics)
        {
            Reports.Enqueue((step, metrics));
            _first.TrySetResult();
        }
    }

    public static string Yaml(string name, string shapley, string seeds = "0", string targets = "q, v", int valSize = 100) =>
        YamlWith(name, seeds, "  shapley: " + shapley, targets, valSize, "  schedule: { granularity: module }\n");

    /// <summary>The tiny coto sweep with any analysis block (<paramref name="analysis"/>: its indented lines) and extra trial lines.</summary>
    public static string YamlWith(string name, string seeds, string analysis, string targets = "q, v", int valSize = 100, string trial = "") => $$"""
        name: {{name}}
        trial:
          kind: coto
          steps: 12
          eval_every: 6
          batch_size: 16
          train_size: 300
          val_size: {{valSize}}
          test_size: 100
          base: { patch_size: 7, depth: 2, width: 16, heads: 2, mlp_hidden: 32, pretrain_steps: 20, pretrain_batch: 32 }
          adapter: { rank: 2, alpha: 4, targets: [{{targets}}] }
        {{trial}}objective: { metric: val_acc, direction: maximize }
        search:
          seeds: [{{seeds}}]
        analysis:
        {{analysis}}
        """;
}
