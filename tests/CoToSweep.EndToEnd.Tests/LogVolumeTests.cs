namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// The log file stays far smaller than the journal: per-trial lines are Debug (only with <c>--verbose</c>), and at Info
/// a sweep logs its plan, its progress at most every 30 s and its end.
/// </summary>
public sealed class LogVolumeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cotosweep-logs-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task A_long_sweep_logs_a_few_lines_not_one_per_trial()
    {
        var sweep = await WriteSweep(2000);
        var run = await Cli.RunAsync(_dir.FullName, TimeSpan.FromSeconds(180), "run", sweep, "--state", "st", "--no-live", "--workers", "4");
        Assert.Equal(0, run.ExitCode);

        var log = LogText("st");
        Assert.DoesNotContain("started on", log);
        Assert.Contains("submitted: 2000 trials to run", log);
        Assert.Contains("finished: completed (2000 of 2000 trials completed, 0 failed)", log);
        var logBytes = new DirectoryInfo(Path.Combine(_dir.FullName, "st", "logs")).EnumerateFiles().Sum(f => f.Length);
        var journalBytes = new FileInfo(Path.Combine(_dir.FullName, "st", "journal.db")).Length;
        Assert.True(logBytes * 50 < journalBytes, $"log {logBytes} bytes against journal {journalBytes} bytes");
    }

    [Fact]
    public async Task Verbose_brings_back_a_line_per_trial_start()
    {
        var sweep = await WriteSweep(12);
        var run = await Cli.RunAsync(_dir.FullName, "run", sweep, "--state", "st", "--no-live", "--verbose");
        Assert.Equal(0, run.ExitCode);

        Assert.Equal(12, CountOf(LogText("st"), "started on"));
        Assert.Equal(12, CountOf(run.Stdout + run.Stderr, "started on"));
    }

    private async Task<string> WriteSweep(int trials)
    {
        var path = Path.Combine(_dir.FullName, "noop.yaml");
        await File.WriteAllTextAsync(path, CoToSweep.Cli.Bench.NoopBench.Definition("log-volume", trials).Text);
        return path;
    }

    private string LogText(string state) =>
        string.Concat(Directory.GetFiles(Path.Combine(_dir.FullName, state, "logs")).Select(File.ReadAllText));

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "").Length) / what.Length;
}
