namespace CoToSweep.EndToEnd.Tests.Report;

/// <summary><c>cotosweep report</c> on a real command sweep run with the built CLI: files, links, overwriting, bad input.</summary>
[Collection(nameof(CliProcesses))]
public sealed class ReportCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("e2e-report-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    [Fact]
    public async Task A_command_sweep_gets_a_report_with_valid_linked_plots_and_the_same_files_again()
    {
        // Each trial prints a three-point curve of val (the runner sends the first and the last), then its final value.
        File.WriteAllText(PathOf("sweep.yaml"), """
            name: reported
            description: Report test sweep.
            trial:
              kind: command
              command: [sh, -c, "for s in 1 2 3; do echo \"cotosweep {\\\"step\\\": $s, \\\"val\\\": 0.{seed}$s}\"; done; echo 'cotosweep {\"step\": 4, \"val\": 0.{seed}{lr}}'"]
            objective: { metric: val, direction: maximize }
            search:
              algorithm: grid
              seeds: [1, 2, 3]
              space:
                shape: [flat, ramp]
                lr: [1, 5, 9]
            """);
        var run = await Cli.RunAsync(_dir.FullName, "run", "sweep.yaml", "--no-live");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var first = await Cli.RunAsync(_dir.FullName, "report", "reported", "--out", "out");
        Assert.True(first.ExitCode == 0, first.Stderr);
        var out1 = PathOf("out");
        var pngs = ReportFiles.AssertValid(out1);
        Assert.Equal(["curves.png", "importance.png", "objective-vs-lr.png", "objective-vs-shape.png"], pngs);
        var md = File.ReadAllText(Path.Combine(out1, "report.md"));
        Assert.StartsWith("# Sweep report: reported\n", md);
        Assert.Contains("Report test sweep.", md);
        Assert.Contains("## Parameter importance", md);
        Assert.Contains("- **Trials**: 0 pending, 0 running, 18 completed", md);
        Assert.Contains("have no activation-probability schedule", md);
        Assert.Contains("### `trials` board", md);
        Assert.Contains("### `configs` board", md);
        Assert.DoesNotContain("### `shapley` board", md);
        Assert.Contains("| rank | trial | status |", md);

        // A second run (here through --journal) writes the same files again, and only those.
        var journal = Path.Combine(_dir.FullName, ".cotosweep", "journal.db");
        File.WriteAllText(Path.Combine(out1, "curves.png"), "stale");
        var second = await Cli.RunAsync(_dir.FullName, "report", "reported", "--out", "out", "--journal", journal);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(pngs, ReportFiles.AssertValid(out1));
        Assert.Equal(md, File.ReadAllText(Path.Combine(out1, "report.md")));
    }

    [Fact]
    public async Task Bad_input_exits_2_with_one_line_and_writes_nothing()
    {
        File.WriteAllText(PathOf("one.yaml"), """
            name: one
            trial: { kind: noop }
            objective: { metric: score, direction: maximize }
            """);
        Assert.Equal(0, (await Cli.RunAsync(_dir.FullName, "run", "one.yaml", "--no-live")).ExitCode);

        var unknown = await Cli.RunAsync(_dir.FullName, "report", "nope", "--out", "out");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal($"no sweep 'nope' in {Path.Combine(_dir.FullName, ".cotosweep")}", unknown.Stderr.Trim());
        var noOut = await Cli.RunAsync(_dir.FullName, "report", "one");
        Assert.Equal(2, noOut.ExitCode);
        // A usage error: the problem on one line, then the verb's usage.
        var lines = noOut.Stderr.Trim().Split('\n');
        Assert.Equal("cotosweep report: --out DIR is required", lines[0]);
        Assert.StartsWith("usage: cotosweep report SWEEP_ID", lines[1]);
        var noState = await Cli.RunAsync(_dir.FullName, "report", "one", "--out", "out", "--state", "missing");
        Assert.Equal(2, noState.ExitCode);
        Assert.False(Directory.Exists(PathOf("out")));
        Assert.False(Directory.Exists(PathOf("missing")));

        // A sweep with one trial: no parameter varies and the trial reported no curve; the report says so.
        var ok = await Cli.RunAsync(_dir.FullName, "report", "one", "--out", "out");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Empty(ReportFiles.AssertValid(PathOf("out")));
        var md = File.ReadAllText(PathOf("out/report.md"));
        Assert.Contains("No parameter varies among the trials", md);
        Assert.Contains("No trial reported score at a step", md);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
