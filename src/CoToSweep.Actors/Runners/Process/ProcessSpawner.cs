using System.Collections.Concurrent;
using System.Diagnostics;

// Namespace "Processes", not "Process": a namespace named Process would hide System.Diagnostics.Process in every
// file of CoToSweep.Actors.Runners.
namespace CoToSweep.Actors.Runners.Processes;

/// <summary>
/// Starts child processes from one dedicated, never-ending thread. Linux sends a child's parent-death signal
/// (<c>prctl(PR_SET_PDEATHSIG)</c>, set by <c>setpriv --pdeathsig</c>) when the <i>thread</i> that forked it exits,
/// and <see cref="Process.Start()"/> forks from the calling thread: started from a thread-pool thread that later
/// retires, a healthy trial would be killed. This thread lives as long as the runner's process.
/// </summary>
public sealed class ProcessSpawner
{
    public static readonly ProcessSpawner Shared = new();

    private readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> _queue = new();

    private ProcessSpawner()
    {
        new Thread(Loop) { IsBackground = true, Name = "cotosweep-process-spawner" }.Start();
    }

    /// <summary>Starts the process on the spawner thread; faults with the start exception (e.g. program not found).</summary>
    public Task<Process> StartAsync(ProcessStartInfo info)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((info, started));
        return started.Task;
    }

    private void Loop()
    {
        foreach (var (info, started) in _queue.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"'{info.FileName}' did not start"));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
