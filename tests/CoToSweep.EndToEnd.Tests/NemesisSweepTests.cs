using System.Globalization;
using System.Text.Json;
using CoToSweep.Domain.Analyses;
using Xunit.Abstractions;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// A real nemesis sweep on the built CLI (tiny mini-CLIP): its trial trains in a trial host, the corruption analysis
/// runs one unit per context position, and a run killed with kill -9 in the middle of that analysis resumes it without
/// running a finished unit or probe again; the corruption board then shows the prompt, and the report plots it.
/// </summary>
[Collection(nameof(SweepProcesses))]
public sealed class NemesisSweepTests(ITestOutputHelper output) : JournalSweepTest("e2e-nemesis-sweep-")
{
    private const int Positions = 32;

    // 32 positions × 200 rescalings of 1500 test images per unit: long enough to be killed mid-way.
    private static string Yaml()
    {
        var rescale = string.Join(", ", Enumerable.Range(1, 200).Select(i => (i / 50.0).ToString(CultureInfo.InvariantCulture)));
        return $$"""
            name: nemesis-kill
            trial:
              kind: nemesis
              shots: 2
              epochs: 2
              batch_size: 8
              test_size: 1500
              n_ctx: {{Positions}}
              np: 2
              A: 1
              clip: { width: 16, embed: 16, pretrain_steps: 20, pretrain_batch: 32 }
            objective: { metric: base_acc, direction: maximize }
            search:
              algorithm: grid
              seeds: [1]
              space:
                beta: [0.0]
            analysis:
              corruption: { replace_sigma: [0], rescale: [{{rescale}}] }
            """;
    }

    [Fact]
    public async Task Kill9_mid_corruption_then_run_again_finishes_it_without_running_a_finished_unit_again()
    {
        File.WriteAllText(PathOf("nemesis.yaml"), Yaml());
        var id = await SweepIdOf("nemesis.yaml");
        var before = await RunAndKill9MidAnalysis("nemesis.yaml", id, 180);
        output.WriteLine($"before the kill: {before.OfType<AnalysisUnitCompleted>().Count()} of {Positions} units completed");

        var resumed = await Cli.RunAsync(Dir.FullName, TimeSpan.FromSeconds(300), "run", "nemesis.yaml", "--state", StateDir, "--workers", "2", "--no-live");
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr);
        var all = Events(id);
        Assert.Single(all.OfType<TrialCompleted>());                                // the trial is not trained again
        var completed = Assert.Single(all.OfType<AnalysisCompleted>());
        var result = Assert.IsType<CorruptionResult>(completed.Result);
        Assert.Equal(Positions * 201, result.Points.Count);
        Assert.All(result.Points.Where(p => p.Mode == "rescale" && p.Value == 1), p => Assert.Equal(0, p.Change));   // τ = 1 changes nothing
        AssertNoFinishedUnitRanAgain(before, all, Positions);
        Assert.Equal("completed", await StateOf());

        var board = await Cli.RunAsync(Dir.FullName, "leaderboard", id, "--board", "corruption", "--format", "json", "--state", StateDir);
        Assert.True(board.ExitCode == 0, board.Stderr);
        var row = Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(board.Stdout)!);
        Assert.Equal(result.Lowered, row.GetProperty("lowered").GetInt64());
        Assert.Equal(result.RaisedHelped, row.GetProperty("raised_helped").GetInt64());

        var report = await Cli.RunAsync(Dir.FullName, "report", id, "--out", PathOf("report"), "--state", StateDir);
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.True(new FileInfo(PathOf("report/prompt-norms.png")).Length > 0);
        Assert.True(new FileInfo(PathOf("report/corruption-t0000-s1.png")).Length > 0);
        Assert.Contains("Prompt corruption (Low-Norm Effect)", File.ReadAllText(PathOf("report/report.md")));
    }
}
