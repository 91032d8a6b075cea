using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CoToSweep.Actors.Runners;

/// <summary>
/// Waits that end within a tenth of a millisecond after their deadline, for trials whose whole job is to take a given
/// time (<c>noop</c>'s <c>sleep_ms</c>, which <c>bench utilization</c> measures the coordinator with). .NET's timers fire
/// from a coarse queue: measured here, a 50 ms <c>Task.Delay</c> with 16 in flight ended 2.5 ms late on average (p90
/// 4.8 ms), 5% of the trial, which the benchmark then counted as the coordinator's overhead. One background thread
/// waits for the earliest deadline (a monitor wait, so an earlier deadline wakes it) to within a millisecond, sleeps
/// the rest with <c>nanosleep</c>, and completes every wait that is due; continuations run on the thread pool.
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

    [DllImport("libc", EntryPoint = "nanosleep")]
    private static extern int NanoSleep(ref TimeSpec request, IntPtr remaining);
}
