using CoToSweep.Cli.Live;
using CoToSweep.Domain.Sweeps;
using Spectre.Console;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>The live views' running-trial lines: a table within the terminal's height, and plain lines at most every 30 s.</summary>
public sealed class LiveViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Six trials (lr varies, 3 configurations × 2 seeds), the first <paramref name="running"/> leased at T0 and reporting step 40.</summary>
    private static SweepState Running(int running)
    {
        var d = SpecReader.Parse("""
            name: live
            trial:
              kind: command
              command: [sh, -c, "true"]
              batch: 32
            objective: { metric: acc, direction: maximize }
            search:
              seeds: [0, 1]
              space:
                lr: [0.1, 0.01, 0.001]
            """, "/tmp");
        Assert.True(d.IsValid);
        var state = SweepState.Empty(d.Id);
        void Do(ISweepCommand c) { foreach (var e in state.Process(c)) state = state.Apply(e); }
        Do(new SweepCommands.SubmitSweep(d, T0));
        for (var i = 0; i < running; i++) Do(new SweepCommands.LeaseTrial($"w{i}", "/tmp/a", T0));
        foreach (var t in state.TrialsInOrder.Where(t => t.Status == TrialStatus.Running).ToList())
        {
            Do(new SweepCommands.ReportProgress(t.Id, 1, 20, new Dictionary<string, double> { ["acc"] = 0.5, ["loss"] = 1 }, T0));
            Do(new SweepCommands.ReportProgress(t.Id, 1, 40, new Dictionary<string, double> { ["loss"] = 0.7 }, T0));   // sparse: no acc
        }
        return state;
    }

    [Fact]
    public async Task Plain_mode_prints_a_line_per_running_trial_at_most_every_30_seconds()
    {
        var clock = new ManualClock(T0);
        var output = new StringWriter();
        var state = Running(2);
        var view = new PlainProgressView(output, TimeSpan.FromSeconds(2), clock);
        var lines = new List<int>();
        await view.ShowAsync(state.Id, update =>
        {
            foreach (var seconds in new[] { 0, 10, 29, 30, 31, 45, 59, 60, 61 })
            {
                clock.Now = T0.AddSeconds(seconds);
                update(state);
                lines.Add(output.ToString().Split('\n').Count(l => l.Contains(" · running ")));
            }
            return Task.FromResult(0);
        });
        // none before a trial has run 30 s; both at 30 s; again only at 60 s
        Assert.Equal([0, 0, 0, 2, 2, 2, 2, 4, 4], lines);
        var line = output.ToString().Split('\n').First(l => l.Contains("t0000-s0"));
        Assert.Matches(@"t0000-s0 lr=0\.1 · step 40 · acc=0\.5 · running 0:30$", line.TrimEnd());
        Assert.Single(output.ToString().Split('\n'), l => l.Contains("0/6 finished · 2 running"));   // the counts line once
    }

    [Fact]
    public void The_terminal_view_lists_running_trials_within_the_terminal_height()
    {
        var state = Running(6);
        var p = SweepProgress.From(state, 0, TimeSpan.FromSeconds(65));
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 120;
        console.Write(LiveProgressView.Render(state.Id, state, p, T0.AddSeconds(65), 120, 10));
        var lines = writer.ToString().Split('\n');
        Assert.Contains("6 running · 0 done · 0 failed", lines[0]);
        var rows = lines.Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*t\d{4}-s")).ToList();
        Assert.Equal(3, rows.Count);   // 10 lines of terminal: 3 trial rows fit
        Assert.Matches(@"^\s*t0000-s0\s+lr=0\.1\s+40\s+0\.5\s+1:05\s*$", rows[0]);
        Assert.Contains(lines, l => l.Contains("… and 3 more running"));
        Assert.Contains(lines, l => l.Contains("trial") && l.Contains("parameters") && l.Contains("step") && l.Contains("acc") && l.Contains("running"));
        Assert.True(lines.Length <= 10, writer.ToString());
        Assert.All(lines, l => Assert.True(l.Length <= 120, l));
    }
}
