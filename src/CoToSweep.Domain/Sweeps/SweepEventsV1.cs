using CoToSweep.Domain.Analyses;

namespace CoToSweep.Domain.Sweeps;

/// <summary>An event in a format a later version replaced: <see cref="SweepState.Apply"/> folds in its current form.</summary>
public interface ILegacySweepEvent : ISweepEvent
{
    /// <summary>The event as the current format says it, given the sweep's spec (journaled before any analysis event).</summary>
    ISweepEvent Upcast(SweepSpec? spec);
}

/// <summary>
/// The v1 analysis events, written when Shapley was the only analysis: kept so that journals written then replay to
/// the same state (committed fixtures check it). v1 unit results held one value per coalition, in the measure of
/// <c>analysis.shapley.metric</c>.
/// </summary>
public static class SweepEventsV1
{
    public sealed record AnalysisPlanned(string AnalysisId, string TrialId, string Kind, IReadOnlyList<string> Groups, string? ArtifactDir, DateTimeOffset At)
        : ILegacySweepEvent
    {
        public ISweepEvent Upcast(SweepSpec? spec) => new SweepEvents.AnalysisPlanned(AnalysisId, Kind, [TrialId], Groups, [ArtifactDir], At);
    }

    public sealed record AnalysisUnitStarted(string AnalysisId, int Unit, int Attempt, string Worker, IReadOnlyList<ulong> Coalitions, DateTimeOffset At)
        : ILegacySweepEvent
    {
        public ISweepEvent Upcast(SweepSpec? spec) => new SweepEvents.AnalysisUnitStarted(AnalysisId, Unit, Attempt, Worker, Coalitions, At);
    }

    public sealed record AnalysisUnitCompleted(string AnalysisId, int Unit, int Attempt, IReadOnlyList<ulong> Coalitions, IReadOnlyList<double> Values, DateTimeOffset At)
        : ILegacySweepEvent
    {
        public ISweepEvent Upcast(SweepSpec? spec)
        {
            var measure = ShapleyAnalysisSpec.SplitAndMeasure(spec?.Analysis?.Shapley?.Metric ?? "val_acc").Measure;
            return new SweepEvents.AnalysisUnitCompleted(AnalysisId, Unit, Attempt, Coalitions, Values.Select(v => ProbeResult.Of(measure, v)).ToArray(), At);
        }
    }

    public sealed record AnalysisCompleted(string AnalysisId, ShapleyResult Result, DateTimeOffset At) : ILegacySweepEvent
    {
        public ISweepEvent Upcast(SweepSpec? spec) => new SweepEvents.AnalysisCompleted(AnalysisId, Result, At);
    }
}
