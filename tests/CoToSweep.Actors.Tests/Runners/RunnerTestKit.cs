using System.Collections.Concurrent;
using CoToSweep.Actors.Runners;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Runners;

/// <summary>A scratch directory per test, deleted afterwards, and assignments for trials that run in it.</summary>
public sealed class RunnerScratch : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("cotosweep-runner-").FullName;

    public string ArtifactDir => Path.Combine(Dir, "artifacts", "s-1", "t0000-s0", "attempt-1");

    public string PathOf(string name) => Path.Combine(Dir, name);

    public TrialAssignment Command(IReadOnlyList<string> command,
        IReadOnlyDictionary<string, ParamValue>? parameters = null,
        double? timeoutSeconds = null,
        ObjectiveSpec? objective = null,
        string? workDir = null,
        IReadOnlyDictionary<string, string>? env = null) =>
        new("s-1", "t0000-s0", 1, 7, parameters ?? new Dictionary<string, ParamValue>(),
            new TrialSpec("command", command, workDir, env ?? new Dictionary<string, string>(), new Dictionary<string, ParamValue>()),
            objective ?? new ObjectiveSpec("acc", Direction.Maximize, MetricUse.Last),
            timeoutSeconds, ArtifactDir, Dir);

    /// <summary>A <c>sh -c SCRIPT</c> trial; the script's $1, $2... are <paramref name="args"/>.</summary>
    public TrialAssignment Sh(string script, params string[] args) => Command(["sh", "-c", script, "trial", .. args]);

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

public sealed class RecordingProgress : ITrialProgress
{
    public ConcurrentQueue<(long Step, IReadOnlyDictionary<string, double> Metrics)> Reports { get; } = new();

    public void Report(long step, IReadOnlyDictionary<string, double> metrics) => Reports.Enqueue((step, metrics));
}

public static class ProcessProbe
{
    /// <summary>True while <paramref name="pid"/> exists and is not a zombie (a container's pid 1 may not reap).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
    }

    public static async Task<bool> DiesWithin(int pid, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(20);
        }
        return true;
    }

    /// <summary>Waits for a pid file written by a trial and returns the pid in it.</summary>
    public static async Task<int> ReadPidFile(string path, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            if (File.Exists(path) && int.TryParse((await File.ReadAllTextAsync(path)).Trim(), out var pid)) return pid;
            if (DateTime.UtcNow > until) throw new TimeoutException($"no pid in {path}");
            await Task.Delay(20);
        }
    }

    public static void KillQuietly(int pid)
    {
        try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (Exception) { }
    }
}
