using System.Text.Json;

namespace CoToSweep.Actors.Embedded;

/// <summary>
/// How <c>cotosweep cancel</c> reaches an embedded run in another process: it cannot write that run's journal (the
/// run's coordinator owns the sweep's sequence numbers), so it leaves a request in <c>&lt;state&gt;/requests/</c>, one
/// file per sweep, written atomically (temp file, then rename). The run that holds the state dir picks requests up
/// while it polls (<see cref="EmbeddedRun.WaitAsync"/>), journals the cancellation through its coordinator and deletes
/// the file; the CLI waits for the journal to show the sweep cancelled.
/// </summary>
public static class CancelRequests
{
    private const string Suffix = ".cancel";

    public static string DirectoryOf(string stateDir) => Path.Combine(stateDir, "requests");

    public sealed record Request(string SweepId, string Reason);

    public static void Write(string stateDir, string sweepId, string reason)
    {
        var dir = DirectoryOf(stateDir);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, sweepId + Suffix);
        var temp = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new Request(sweepId, reason)));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The requests waiting in the directory (unreadable or half-written files are left for a later look).</summary>
    public static IReadOnlyList<Request> Pending(string requestDir)
    {
        if (!Directory.Exists(requestDir)) return [];
        var requests = new List<Request>();
        foreach (var file in Directory.EnumerateFiles(requestDir, "*" + Suffix))
        {
            try
            {
                if (JsonSerializer.Deserialize<Request>(File.ReadAllText(file)) is { } r
                    && r.SweepId == Path.GetFileName(file)[..^Suffix.Length]) requests.Add(r);
            }
            catch (Exception e) when (e is IOException or JsonException) { }
        }
        return requests;
    }

    public static bool IsPending(string stateDir, string sweepId) => File.Exists(Path.Combine(DirectoryOf(stateDir), sweepId + Suffix));

    public static void Done(string requestDir, string sweepId) => File.Delete(Path.Combine(requestDir, sweepId + Suffix));
}
