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
}
