using System.Diagnostics;
using CoToSweep.Actors.Runners;

namespace CoToSweep.Actors.Tests.Runners;

/// <summary>The noop runner's sleep: never early, an earlier deadline is not held up by a later one, cancellation ends a wait.</summary>
public sealed class PreciseDelayTests
{
    [Fact]
    public async Task No_wait_ends_before_its_deadline_and_shorter_waits_queued_later_end_first()
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(7);
        var delays = Enumerable.Range(0, 60).Select(_ => TimeSpan.FromMilliseconds(random.NextDouble() * 40)).ToList();
        var waits = delays.Select(async d =>
        {
            var asked = clock.Elapsed;
            await PreciseDelay.Wait(d, CancellationToken.None);
            return (Asked: asked, Ended: clock.Elapsed, Delay: d);
        }).ToList();
        var late = PreciseDelay.Wait(TimeSpan.FromMilliseconds(400), CancellationToken.None);
        var early = PreciseDelay.Wait(TimeSpan.FromMilliseconds(1), CancellationToken.None);   // queued behind a longer wait
        await early;
        Assert.False(late.IsCompleted);
        foreach (var (asked, ended, delay) in await Task.WhenAll(waits)) Assert.True(ended - asked >= delay, $"{delay.TotalMilliseconds:F3} ms wait ended after {(ended - asked).TotalMilliseconds:F3} ms");
        await late;
    }

    [Fact]
    public async Task A_cancelled_wait_ends_cancelled_and_the_others_still_end()
    {
        using var cts = new CancellationTokenSource();
        var cancelled = PreciseDelay.Wait(TimeSpan.FromHours(1), cts.Token);
        var other = PreciseDelay.Wait(TimeSpan.FromMilliseconds(5), CancellationToken.None);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await other;
        Assert.True(PreciseDelay.Wait(TimeSpan.FromMilliseconds(5), cts.Token).IsCanceled);   // already cancelled: at once
    }

    [Fact]
    public async Task On_Linux_the_delay_thread_runs_with_the_least_timer_slack()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test reads the slack the Linux kernel reports");
        await PreciseDelay.Wait(TimeSpan.FromMilliseconds(1), CancellationToken.None);
        Assert.Equal(1, PreciseDelay.TimerSlackNanoseconds);   // the default is 50,000 (50 µs)
    }
}
