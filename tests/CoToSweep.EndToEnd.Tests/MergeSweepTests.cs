using System.Diagnostics;
using System.Text.Json;
using CoToSweep.Domain.Analyses;
using CoToSweep.Tests.Shared;
using Xunit.Abstractions;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// <c>analysis.merge</c> and <c>analysis.prune</c> in real coto sweeps on the built CLI: the boards show merged pairs
/// whose endpoints reproduce the trials' metrics exactly and pruning curves from the trained adapter to the base model;
/// a run killed with kill -9 in the middle of a merge analysis resumes it without running a finished unit again.
/// </summary>
[Collection(nameof(SweepProcesses))]
public sealed class MergeSweepTests(ITestOutputHelper output) : JournalSweepTest("e2e-merge-sweep-")
{
    private static string Yaml(string name, string seeds, string analysis, int valSize = 100) =>
        TinyCotoSweep.YamlWith(name, seeds, analysis, valSize: valSize);

    [Fact]
    public async Task Merge_and_prune_boards_show_curves_whose_endpoints_are_the_trained_adapters()
    {
        var clock = Stopwatch.StartNew();
        File.WriteAllText(PathOf("tiny.yaml"), Yaml("tiny-merge", "0, 1, 2",
            "  merge: { across: seeds, lambdas: [0.5] }\n  prune: { orders: [everyother, random], ratios: [0.5], draws: 2, sparsities: [0.5], scope: [layer, global] }"));
        var run = await Cli.RunAsync(Dir.FullName, TimeSpan.FromSeconds(120), "run", "tiny.yaml", "--state", StateDir, "--workers", "2", "--no-live");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        output.WriteLine($"run: {clock.Elapsed.TotalSeconds:F1}s\n{run.Stdout}");
        var id = await SweepIdOf("tiny.yaml");
        Assert.Contains($"cotosweep leaderboard {id} --board merge", run.Stdout);    // the run summary names the boards
        Assert.Contains($"cotosweep leaderboard {id} --board prune", run.Stdout);

        var trials = await Rows(id, "trials");
        double ValAcc(string trial) => trials.Single(t => t.GetProperty("trial").GetString() == trial).GetProperty("val_acc").GetDouble();
        var merge = await Rows(id, "merge");
        Assert.Equal(3, merge.Count);                                              // 3 seeds: 3 pairs
        foreach (var pair in merge)
        {
            Assert.Equal("completed", pair.GetProperty("status").GetString());
            Assert.Equal(ValAcc(pair.GetProperty("trial_a").GetString()!), pair.GetProperty("acc_a").GetDouble());   // exactly
            Assert.Equal(ValAcc(pair.GetProperty("trial_b").GetString()!), pair.GetProperty("acc_b").GetDouble());
            Assert.InRange(pair.GetProperty("acc_at_half").GetDouble(), 0, 1);
            Assert.True(pair.GetProperty("acc_barrier").GetDouble() >= 0);
        }

        var prune = await Rows(id, "prune");
        Assert.Equal(3 * 4, prune.Count);                                          // 3 trials × (everyother, random, layer, global)
        foreach (var curve in prune)
        {
            Assert.Equal(ValAcc(curve.GetProperty("trial").GetString()!), curve.GetProperty("acc_unpruned").GetDouble());
            Assert.InRange(curve.GetProperty("area").GetDouble(), 0, 2);
        }
        var configs = await Rows(id, "prune-configs");
        Assert.Equal(4, configs.Count);
        Assert.All(configs, c => Assert.Equal(3, c.GetProperty("n").GetInt32()));

        var status = await Cli.RunAsync(Dir.FullName, "status", "--json", "--state", StateDir);
        var analyses = Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(status.Stdout)!).GetProperty("analyses");
        Assert.Equal((4, 4), (analyses.GetProperty("total").GetInt32(), analyses.GetProperty("completed").GetInt32()));
        Assert.Equal(1, analyses.GetProperty("kinds").GetProperty("merge").GetProperty("completed").GetInt32());
        Assert.Equal(3, analyses.GetProperty("kinds").GetProperty("prune").GetProperty("completed").GetInt32());
    }

    [Fact]
    public async Task A_merge_analysis_across_tasks_evaluates_the_merged_model_on_every_task()
    {
        File.WriteAllText(PathOf("tasks.yaml"), Yaml("tiny-tasks", "0", "  merge: { across: tasks, methods: [average, ties] }")
            .Replace("search:\n  seeds: [0]", "search:\n  seeds: [0]\n  space:\n    task: [fmnist-rotated, fmnist-inverted]"));
        var run = await Cli.RunAsync(Dir.FullName, TimeSpan.FromSeconds(120), "run", "tasks.yaml", "--state", StateDir, "--workers", "2", "--no-live");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var id = await SweepIdOf("tasks.yaml");
        var rows = await Rows(id, "merge");
        Assert.Equal(4, rows.Count);                                               // 2 methods × 2 tasks
        Assert.Equal(["fmnist-inverted", "fmnist-inverted", "fmnist-rotated", "fmnist-rotated"], rows.Select(r => r.GetProperty("task").GetString()).Order());
        var trials = await Rows(id, "trials");
        foreach (var r in rows)
        {
            var own = trials.Single(t => t.GetProperty("trial").GetString() == r.GetProperty("trial").GetString()).GetProperty("val_acc").GetDouble();
            Assert.Equal(own, r.GetProperty("own_acc").GetDouble());
            Assert.Equal(r.GetProperty("merged_acc").GetDouble() / own, r.GetProperty("normalised").GetDouble(), 12);
        }
    }

    [Fact]
    public async Task Kill9_mid_merge_then_run_again_finishes_it_without_running_a_finished_unit_again()
    {
        // 5 seeds: 10 pairs, each a unit of 41 interpolations of 500 validation images: long enough to be killed mid-way.
        var lambdas = string.Join(", ", Enumerable.Range(1, 39).Select(i => (i / 40.0).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllText(PathOf("long.yaml"), Yaml("long-merge", "0, 1, 2, 3, 4", $"  merge: {{ across: seeds, lambdas: [{lambdas}] }}", valSize: 500));
        var id = await SweepIdOf("long.yaml");
        var before = await RunAndKill9MidAnalysis("long.yaml", id, 120);
        var done = before.OfType<AnalysisUnitCompleted>().Select(c => c.Unit).ToHashSet();
        output.WriteLine($"before the kill: {done.Count} of 10 units completed");

        var resumed = await Cli.RunAsync(Dir.FullName, TimeSpan.FromSeconds(180), "run", "long.yaml", "--state", StateDir, "--workers", "2", "--no-live");
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr);
        var all = Events(id);
        Assert.Equal(5, all.OfType<TrialCompleted>().Count());                    // no trial trained again
        Assert.Single(all.OfType<AnalysisPlanned>());
        var completed = Assert.Single(all.OfType<AnalysisCompleted>());
        Assert.Equal(10, Assert.IsType<MergeResult>(completed.Result).Curves.Count);
        AssertNoFinishedUnitRanAgain(before, all, 10);
        Assert.Equal("completed", await StateOf());
    }

    private async Task<List<JsonElement>> Rows(string id, string board)
    {
        var result = await Cli.RunAsync(Dir.FullName, "leaderboard", id, "--board", board, "--format", "json", "--state", StateDir);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonSerializer.Deserialize<List<JsonElement>>(result.Stdout)!;
    }
}
