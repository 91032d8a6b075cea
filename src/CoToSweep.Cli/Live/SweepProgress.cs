using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Live;

/// <summary>One line's worth of a running sweep: counts, best so far and an ETA from this run's pace.</summary>
public sealed record SweepProgress(int Total, int Pending, int Running, int Completed, int Failed, int Stopped,
    string? Best, TimeSpan Elapsed, TimeSpan? Eta, Domain.Analyses.AnalysisCounts? Analyses = null)
{
    public int Finished => Completed + Failed + Stopped;

    public static SweepProgress From(SweepState state, int finishedAtStart, TimeSpan elapsed)
    {
        var completed = state.Count(TrialStatus.Completed);
        var failed = state.Count(TrialStatus.Failed);
        var stopped = state.Count(TrialStatus.Stopped);
        var finished = completed + failed + stopped;
        var doneNow = finished - finishedAtStart;
        var remaining = state.TotalTrials - finished;
        TimeSpan? eta = doneNow > 0 && remaining > 0 ? elapsed * remaining / doneNow : remaining == 0 ? TimeSpan.Zero : null;
        var best = state.Best is { } b && state.Spec is { } spec
            ? $"{spec.Objective.Metric}={Format(b.Objective)} ({b.Id})"
            : null;
        return new SweepProgress(state.TotalTrials, state.Count(TrialStatus.Pending), state.Count(TrialStatus.Running),
            completed, failed, stopped, best, elapsed, eta, Domain.Analyses.AnalysisCounts.Of(state));
    }

    public static string Format(double? v) => v is { } d ? d.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : "-";

    public static string Format(TimeSpan? t) => t is { } s ? (s.TotalHours >= 1 ? s.ToString(@"h\:mm\:ss") : s.ToString(@"m\:ss")) : "?";

    public string Summary =>
        $"{Finished}/{Total} finished · {Running} running · {Completed} completed · {Failed} failed" +
        (Stopped > 0 ? $" · {Stopped} stopped" : "") +
        $" · best {Best ?? "-"}" + (Analyses is { } a ? $" · {a.Phrase}" : "") +
        $" · elapsed {Format(Elapsed)} · eta {Format(Eta)}";
}
