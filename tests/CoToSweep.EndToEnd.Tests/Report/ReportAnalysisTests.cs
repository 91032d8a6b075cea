using CoToSweep.Cli.Report;
using CoToSweep.Domain.Analyses;

namespace CoToSweep.EndToEnd.Tests.Report;

/// <summary>The report of a coto sweep with Shapley, merge and prune results: every plot is written, valid and linked.</summary>
public sealed class ReportAnalysisTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("report-analyses-");

    private static readonly double[] Lambdas = [0, 0.25, 0.5, 0.75, 1];

    [Fact]
    public void Shapley_merge_and_prune_results_each_get_their_plot_and_board()
    {
        var sweep = new ReportSweep("seeds: [0, 1]\nspace:\n  schedule.shape: [constant, linear]\n  lr: [0.001, 0.01]",
                "  shapley: { method: exact }\n  merge: { across: seeds, lambdas: [0, 0.25, 0.5, 0.75, 1] }\n  prune: { orders: [shapley, random] }")
            .TrainAll()
            .Analyse(ShapleyAnalysis.IdFor("t0000-s0"), "shapley", ["t0000-s0"], Shapley(0.05))
            .Analyse(ShapleyAnalysis.IdFor("t0002-s0"), "shapley", ["t0002-s0"], Shapley(0.1))
            .Analyse("merge-c0000", "merge", ["t0000-s0", "t0000-s1"], new MergeResult("seeds",
                [new MergeCurve("t0000-s0", "t0000-s1", "delta", Lambdas, [0.8, 0.6, 0.5, 0.62, 0.79], [0.5, 0.9, 1.1, 0.9, 0.5], 0.295, 0.6, 0.5)], []))
            .Analyse(PruneAnalysis.IdFor("t0000-s0"), "prune", ["t0000-s0"], new PruneResult(
            [
                new PruneCurve("structured", "shapley", [0, 0.5, 1], [0.8, 0.7, 0.3], [0.5, 0.8, 1.6], 0.8, 0.7),
                new PruneCurve("structured", "random", [0, 0.5, 1], [0.8, 0.5, 0.3], [0.5, 1.0, 1.6], 0.7, 0.5),
                new PruneCurve("magnitude", "layer", [0, 0.5, 0.9], [0.8, 0.78, 0.6], [0.5, 0.55, 0.9], 0.9, 0.78),
            ]))
            .Analyse(PruneAnalysis.IdFor("t0001-s0"), "prune", ["t0001-s0"], null, "adapter.safetensors is missing");

        var output = ReportWriter.Write(sweep.State, _dir.FullName);
        var pngs = ReportFiles.AssertValid(_dir.FullName);
        Assert.Equal(pngs, output.Images.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(
        [
            "curves.png", "importance.png", "merge-c0000.png", "objective-vs-lr.png", "objective-vs-schedule.shape.png", "prune-t0000-s0.png",
            "schedules.png", "shapley-t0000-s0.png", "shapley-t0002-s0.png",
        ], pngs);
        var md = File.ReadAllText(output.Markdown);
        foreach (var board in new[] { "trials", "configs", "shapley", "merge", "merge-configs", "prune", "prune-configs" })
            Assert.Contains($"### `{board}` board", md);
        Assert.Contains("prune-t0001-s0 failed: adapter.safetensors is missing.", md);
        Assert.Contains("- **Analyses**: shapley (exact, on val_acc), merge (across seeds), prune (orders shapley, random)", md);
        Assert.Contains("- **Kind**: `coto`", md);
        Assert.Contains("  - `schedule.shape`: [constant, linear]", md);

        // Twice into the same folder: the same files, the same text.
        var again = ReportWriter.Write(sweep.State, _dir.FullName);
        Assert.Equal(output.Images, again.Images);
        Assert.Equal(md, File.ReadAllText(again.Markdown));
    }

    [Fact]
    public void A_merge_across_tasks_gets_a_grouped_bar_chart_of_merged_against_own_accuracy()
    {
        var sweep = new ReportSweep("seeds: [0]\nspace:\n  task: [fmnist-rotated, fmnist-inverted]",
                "  merge: { across: tasks, methods: [average, ties] }")
            .TrainAll()
            .Analyse("merge-tasks-t0000-s0", "merge", ["t0000-s0", "t0001-s0"], new MergeResult("tasks", [],
            [
                new TaskMerge("average", "fmnist-rotated", "t0000-s0", 0.55, 1.2, 0.7, 0.55 / 0.7),
                new TaskMerge("average", "fmnist-inverted", "t0001-s0", 0.5, 1.3, 0.66, 0.5 / 0.66),
                new TaskMerge("ties", "fmnist-rotated", "t0000-s0", 0.6, 1.1, 0.7, 0.6 / 0.7),
                new TaskMerge("ties", "fmnist-inverted", "t0001-s0", 0.58, 1.15, 0.66, 0.58 / 0.66),
            ]));

        ReportWriter.Write(sweep.State, _dir.FullName);
        var pngs = ReportFiles.AssertValid(_dir.FullName);
        Assert.Contains("merge-tasks-t0000-s0-tasks.png", pngs);
        Assert.DoesNotContain("merge-tasks-t0000-s0.png", pngs);   // no interpolation curves across tasks
        Assert.DoesNotContain(pngs, p => p.StartsWith("shapley-") || p.StartsWith("prune-"));
        var md = File.ReadAllText(Path.Combine(_dir.FullName, "report.md"));
        Assert.Contains("### `merge` board", md);
        Assert.DoesNotContain("### `shapley` board", md);
        Assert.Contains("`shapley` (no analysis.shapley block)", md);
    }

    private static ShapleyResult Shapley(double spread) =>
        new("exact", [0.2, 0.1 + spread, 0.05, 0.02, 0.01, -0.01], [0.01, 0.02, 0.005, 0.01, 0.004, 0.003], 64, 0, 1, 0.8, 0.43, "all coalitions");

    public void Dispose() => _dir.Delete(recursive: true);
}
