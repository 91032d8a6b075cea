using System.Text.Json;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Sweeps;
using Microsoft.Data.Sqlite;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// What the sweep tests on the built CLI share: a temporary directory with a state directory, the sweep id a file
/// names, the sweep's state from <c>status</c>, its journal read directly, and polling for a condition of a run.
/// </summary>
public abstract class JournalSweepTest(string prefix) : IDisposable
{
    protected readonly DirectoryInfo Dir = Directory.CreateTempSubdirectory(prefix);

    public void Dispose()
    {
        try { Dir.Delete(recursive: true); }
        catch (IOException) { }
    }

    protected string PathOf(string name) => Path.Combine(Dir.FullName, name);

    protected string StateDir => PathOf("state");

    /// <summary>The sweep id <c>validate</c> names (the id is a function of the file).</summary>
    protected async Task<string> SweepIdOf(string file)
    {
        var validate = await Cli.RunAsync(Dir.FullName, "validate", file);
        Assert.True(validate.ExitCode == 0, validate.Stderr);
        var match = System.Text.RegularExpressions.Regex.Match(validate.Stdout, "valid sweep '([^']+)'");
        Assert.True(match.Success, validate.Stdout);
        return match.Groups[1].Value;
    }

    protected async Task<string> StateOf()
    {
        var status = await Cli.RunAsync(Dir.FullName, "status", "--json", "--state", StateDir);
        Assert.True(status.ExitCode == 0, status.Stderr);
        return Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(status.Stdout)!).GetProperty("state").GetString()!;
    }

    protected IReadOnlyList<ISweepEvent> Events(string sweepId) =>
        new SqliteJournalReader(StateDirectory.JournalPath(StateDir)).Events(SweepCoordinator.PersistenceIdFor(sweepId));

    /// <summary>The journal read (read-only) while the run writes it; null if SQLite is busy just then.</summary>
    protected IReadOnlyList<ISweepEvent>? TryEvents(string sweepId)
    {
        try { return Events(sweepId); }
        catch (SqliteException) { return null; }
    }

    /// <summary>Polls <paramref name="condition"/>; on timeout fails with the run's output so far.</summary>
    protected static async Task Until(Func<bool> condition, string what, Cli.Background run, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (run.Process.HasExited) throw new InvalidOperationException($"run exited ({run.Process.ExitCode}) before {what}\n{run.Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}\n{run.Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Runs <paramref name="file"/> on 2 workers and kills it with kill -9 once two units of its analysis are journaled
    /// (failing if the analysis ends first); returns the journal as the kill left it, the sweep interrupted.
    /// </summary>
    protected async Task<IReadOnlyList<ISweepEvent>> RunAndKill9MidAnalysis(string file, string id, int seconds)
    {
        using (var first = new Cli.Background(Dir.FullName, "run", file, "--state", StateDir, "--workers", "2"))
        {
            await Until(() =>
            {
                var events = TryEvents(id);
                if (events is null) return false;
                if (events.OfType<SweepEvents.AnalysisCompleted>().Any()) throw new InvalidOperationException($"the analysis ended before the kill point\n{first.Output}");
                return events.OfType<SweepEvents.AnalysisUnitCompleted>().Count() >= 2;
            }, "2 analysis units to be journaled", first, seconds);
            first.Process.Kill(entireProcessTree: true);
            await first.Process.WaitForExitAsync();
            Assert.Equal(137, first.Process.ExitCode);
        }
        Assert.Equal("interrupted", await StateOf());
        return Events(id);
    }

    /// <summary>
    /// After a resumed run: no unit finished <paramref name="before"/> the kill was leased again, no known probe was
    /// evaluated again, and each of units 0 … n−1 completed exactly once.
    /// </summary>
    protected static void AssertNoFinishedUnitRanAgain(IReadOnlyList<ISweepEvent> before, IReadOnlyList<ISweepEvent> all, int units)
    {
        var done = before.OfType<SweepEvents.AnalysisUnitCompleted>().Select(c => c.Unit).ToHashSet();
        var known = before.OfType<SweepEvents.AnalysisUnitCompleted>().SelectMany(c => c.Probes).ToHashSet();
        var after = all.Skip(before.Count).ToList();
        Assert.DoesNotContain(after.OfType<SweepEvents.AnalysisUnitStarted>(), s => done.Contains(s.Unit));
        Assert.DoesNotContain(after.OfType<SweepEvents.AnalysisUnitStarted>().SelectMany(s => s.Probes), known.Contains);
        var perUnit = all.OfType<SweepEvents.AnalysisUnitCompleted>().GroupBy(c => c.Unit).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, units), perUnit.Keys.Order());
        Assert.All(perUnit.Values, n => Assert.Equal(1, n));
    }
}
