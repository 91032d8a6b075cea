using CoToSweep.Actors.Runners.Processes;

namespace CoToSweep.Actors.Tests.Runners;

public class ProgressThrottleTests
{
    private sealed class ManualTime : TimeProvider
    {
        public long Now;
        public override long GetTimestamp() => Now;
        public override long TimestampFrequency => 1000;
    }

    [Fact]
    public void At_most_one_report_per_interval_merged_and_the_last_always_flushed()
    {
        var progress = new RecordingProgress();
        var time = new ManualTime();
        var throttle = new ProgressThrottle(progress, TimeSpan.FromMilliseconds(500), time);

        throttle.Offer(1, new Dictionary<string, double> { ["loss"] = 3 });
        throttle.Offer(2, new Dictionary<string, double> { ["loss"] = 2 });
        throttle.Offer(3, new Dictionary<string, double> { ["acc"] = 0.5 });
        time.Now = 200;
        throttle.FlushIfDue();
        Assert.Single(progress.Reports);

        time.Now = 600;
        throttle.FlushIfDue();
        Assert.Equal(2, progress.Reports.Count);
        var merged = progress.Reports.Last();
        Assert.Equal(3, merged.Step);
        Assert.Equal(new Dictionary<string, double> { ["loss"] = 2, ["acc"] = 0.5 }, merged.Metrics);

        throttle.Offer(4, new Dictionary<string, double> { ["loss"] = 1 });
        throttle.Flush();
        throttle.Flush();
        Assert.Equal(3, progress.Reports.Count);
        Assert.Equal(4, progress.Reports.Last().Step);
    }
}
