using System.Diagnostics;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// A real full filesystem (a 16 MB tmpfs; mounting needs root, which CI has: without it the test fails, never skips):
/// the disk fills while `run` journals trials; the run prints one line naming the journal and the cause and exits 1
/// within 20 s; after space is freed the same command completes every trial exactly once.
/// </summary>
[Collection(nameof(CliProcesses))]
public sealed class FullDiskTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("e2e-full-");
    private readonly string _mount;
    private bool _mounted;

    private const string Sweep = """
        name: filling
        trial: { kind: noop, sleep_ms: 10 }
        objective: { metric: score, direction: maximize }
        search:
          algorithm: random
          max_trials: 800
          space:
            x: { uniform: [0, 1] }
        """;

    public FullDiskTests() => _mount = Directory.CreateDirectory(Path.Combine(_dir.FullName, "disk")).FullName;

    private string StateDir => Path.Combine(_mount, "state");

    private string Filler => Path.Combine(_mount, "filler");

    private IReadOnlyList<ISweepEvent> Journal(string sweepId) =>
        new SqliteJournalReader(StateDirectory.JournalPath(StateDir)).Events(SweepCoordinator.PersistenceIdFor(sweepId));

    [Fact]
    public async Task A_full_disk_ends_the_run_in_one_line_and_the_rerun_completes_every_trial_once()
    {
        Mount("16m");
        File.WriteAllText(Path.Combine(_dir.FullName, "filling.yaml"), Sweep);
        var id = SpecReader.Parse(Sweep).Id;
        Cli.Result first;
        TimeSpan exitAfterFull;
        using (var run = new Cli.Background(_dir.FullName, "run", "filling.yaml", "--state", StateDir, "--workers", "2", "--no-live"))
        {
            await Cli.Until(() => File.Exists(StateDirectory.JournalPath(StateDir)) && Completed(id) >= 50, "50 trials to be journaled");
            FillTheDisk();
            var full = Stopwatch.StartNew();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await run.Process.WaitForExitAsync(cts.Token);
            exitAfterFull = full.Elapsed;
            Console.WriteLine($"full disk → exit: {exitAfterFull.TotalSeconds:F1}s");
            first = new Cli.Result(run.Process.ExitCode, await run.Stdout, await run.Stderr);
        }
        Assert.True(first.ExitCode == 1, $"exit {first.ExitCode}: {first.Stderr}");
        Assert.True(exitAfterFull < TimeSpan.FromSeconds(20), $"exited {exitAfterFull.TotalSeconds:F1}s after the disk filled");
        var errors = first.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('[')).ToList();
        var line = Assert.Single(errors);
        Assert.Equal($"journal write failed: database or disk is full ({StateDirectory.JournalPath(StateDir)}); " +
                     "free space and run the same command again to resume", line);
        Assert.DoesNotContain("   at ", first.Stderr + first.Stdout);
        var acknowledged = Journal(id).OfType<SweepEvents.TrialCompleted>().Select(c => c.TrialId).ToHashSet();

        File.Delete(Filler);
        var second = await Cli.RunAsync(_dir.FullName, TimeSpan.FromMinutes(3), "run", "filling.yaml", "--state", StateDir, "--workers", "2", "--no-live");
        Assert.True(second.ExitCode == 0, second.Stderr);
        var completed = Journal(id).OfType<SweepEvents.TrialCompleted>().GroupBy(c => c.TrialId).ToList();
        Assert.Equal(800, completed.Count);
        Assert.All(completed, g => Assert.Single(g));
        Assert.Subset(completed.Select(g => g.Key).ToHashSet(), acknowledged);
    }

    [Fact]
    public async Task A_cluster_coordinator_on_a_full_disk_shows_the_stall_in_status_and_finishes_once_space_is_freed()
    {
        Mount("16m");
        File.WriteAllText(Path.Combine(_dir.FullName, "filling.yaml"), Sweep);
        var id = SpecReader.Parse(Sweep).Id;
        var port = ClusterTests.FreePort();
        using var coordinator = new Cli.Background(_dir.FullName, "coordinator", "--host", "127.0.0.1", "--port", port.ToString(), "--state", StateDir);
        await Cli.Until(() => coordinator.Output.Contains("Coordinator node listening"), "the coordinator to start");
        using var worker = new Cli.Background(_dir.FullName, "worker", "--join", $"127.0.0.1:{port}", "--host", "127.0.0.1", "--cpu-slots", "2",
            "--state", Path.Combine(_dir.FullName, "worker"));
        var submitted = await Cli.RunAsync(_dir.FullName, "submit", "filling.yaml", "--coordinator", $"127.0.0.1:{port}");
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        await Cli.Until(() => Completed(id) >= 50, "50 trials to be journaled", 120);

        FillTheDisk();
        System.Text.Json.JsonElement sweep = default;
        await Cli.Until(() => (sweep = StatusOf(id)).GetProperty("state").GetString() == "stalled", "status to show the sweep stalled", 60);
        Assert.Contains("database or disk is full", sweep.GetProperty("stalled").GetProperty("reason").GetString());
        Assert.True(sweep.GetProperty("stalled").GetProperty("failures").GetInt32() >= 1);
        var table = await Cli.RunAsync(_dir.FullName, "status", id, "--state", StateDir);
        Assert.Matches($@"{id}: stalled since \d\d:\d\d:\d\d \(\d+ failed journal writes\): journal write failed: database or disk is full", table.Stdout);

        File.Delete(Filler);
        await Cli.Until(() => StatusOf(id).GetProperty("state").GetString() == "completed", "the sweep to complete once space is freed", 180);
        Assert.False(StatusOf(id).TryGetProperty("stalled", out _));
        var completed = Journal(id).OfType<SweepEvents.TrialCompleted>().GroupBy(c => c.TrialId).ToList();
        Assert.Equal(800, completed.Count);
        Assert.All(completed, g => Assert.Single(g));
    }

    private System.Text.Json.JsonElement StatusOf(string sweepId)
    {
        var status = Cli.RunAsync(_dir.FullName, "status", sweepId, "--state", StateDir, "--json").GetAwaiter().GetResult();
        Assert.True(status.ExitCode == 0, status.Stderr);
        return System.Text.Json.JsonDocument.Parse(status.Stdout).RootElement[0];
    }

    private int Completed(string sweepId)
    {
        try { return Journal(sweepId).OfType<SweepEvents.TrialCompleted>().Count(); }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException) { return 0; }
    }

    /// <summary>Writes zeros until the filesystem says no more.</summary>
    private void FillTheDisk()
    {
        using var f = new FileStream(Filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var block = new byte[64 * 1024];
        try
        {
            while (true) f.Write(block);
        }
        catch (IOException) { }
        // The last, partial blocks: a few bytes could still be free.
        try { while (true) f.Write(block, 0, 512); }
        catch (IOException) { }
    }

    private void Mount(string size)
    {
        var mount = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", _mount])
            { RedirectStandardError = true })!;
        var error = mount.StandardError.ReadToEnd();
        mount.WaitForExit();
        Assert.True(mount.ExitCode == 0,
            $"this test needs a small tmpfs (run as root, as CI does{(Environment.GetEnvironmentVariable("CI") == "true" ? "; CI=true" : "")}): mount -t tmpfs failed: {error.Trim()}");
        _mounted = true;
    }

    public void Dispose()
    {
        if (_mounted) Process.Start("umount", ["-l", _mount])!.WaitForExit();
        _dir.Delete(recursive: true);
    }
}
