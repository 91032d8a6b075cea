using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CoToSweep.Actors.Runners;

/// <summary>
/// Waits that end within a tenth of a millisecond after their deadline, for trials whose whole job is to take a given
/// time (<c>noop</c>'s <c>sleep_ms</c>, which <c>bench utilization</c> measures the coordinator with). .NET's timers fire
/// from a coarse queue: measured here, a 50 ms <c>Task.Delay</c> with 16 in flight ended 2.5 ms late on average (p90
/// 4.8 ms), 5% of the trial, which the benchmark then counted as the coordinator's overhead. One background thread
/// waits for the earliest deadline (a monitor wait, so an earlier deadline wakes it) to within a millisecond, sleeps
/// the rest with <c>nanosleep</c>, and completes every wait that is due; continuations run on the thread pool. On Linux
/// the thread's timer slack is 1 ns, not 50 µs: the floor of <c>bench utilization</c> (the same sleeps with no
/// coordinator) went from 0.4–0.5% over ideal to 0.3–0.4%, measured in alternating runs.
/// </summary>
public static class PreciseDelay
{
    private static readonly object Gate = new();
    private static readonly PriorityQueue<TaskCompletionSource, long> Due = new();
    private static Thread? _thread;

    public static Task Wait(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = Stopwatch.GetTimestamp() + (long)(Math.Max(0, delay.TotalSeconds) * Stopwatch.Frequency);
        lock (Gate)
        {
            Due.Enqueue(done, deadline);
            _thread ??= Start();
            Monitor.Pulse(Gate);
        }
        if (!cancellationToken.CanBeCanceled) return done.Task;
        var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        done.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return done.Task;
    }

    private static Thread Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "cotosweep precise delay" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        // Linux lets a timed wait end up to its thread's timer slack late (50 µs by default) to batch wake-ups: this
        // thread's waits are the point, so its slack is the least there is.
        if (OperatingSystem.IsLinux())
        {
            Prctl(PrSetTimerSlack, 1, 0, 0, 0);
            TimerSlackNanoseconds = Prctl(PrGetTimerSlack, 0, 0, 0, 0);
        }
        lock (Gate)
        {
            while (true)
            {
                if (!Due.TryPeek(out var first, out var deadline))
                {
                    Monitor.Wait(Gate);
                    continue;
                }
                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (first.Task.IsCompleted || remaining <= TimeSpan.Zero)
                {
                    Due.Dequeue();
                    first.TrySetResult();   // a cancelled wait is already completed: nothing happens
                    continue;
                }
                // Whole milliseconds with the monitor (a new, earlier deadline pulses it), the last one without it.
                if (remaining >= TimeSpan.FromMilliseconds(1)) Monitor.Wait(Gate, (int)remaining.TotalMilliseconds);
                else
                {
                    Monitor.Exit(Gate);   // callers enqueue meanwhile; a deadline this close is not overtaken
                    try { Sleep(remaining); }
                    finally { Monitor.Enter(Gate); }
                }
            }
        }
    }

    /// <summary>Under a millisecond: <c>nanosleep</c> where there is one (Monitor and Thread.Sleep round to milliseconds).</summary>
    private static void Sleep(TimeSpan remaining)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            var request = new TimeSpec { Seconds = 0, Nanoseconds = remaining.Ticks * 100 };
            NanoSleep(ref request, IntPtr.Zero);
        }
        else Thread.Sleep(1);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>The delay thread's timer slack as the kernel reports it once the thread runs (Linux only).</summary>
    internal static int? TimerSlackNanoseconds { get; private set; }

    private const int PrSetTimerSlack = 29, PrGetTimerSlack = 30;

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int Prctl(int option, ulong argument2, ulong argument3, ulong argument4, ulong argument5);

    [DllImport("libc", EntryPoint = "nanosleep")]
    private static extern int NanoSleep(ref TimeSpec request, IntPtr remaining);
}
