using CoToSweep.Domain.Shapley;

namespace CoToSweep.Domain.Analyses;

/// <summary>
/// The estimate of one analysis in progress: completed units merged in unit order, the stopping rule checked after
/// each merge. A pure function of the spec and the journaled unit results, kept as a cache shared by successive
/// versions of the analysis record (which only ever add results), so a new event costs one merge, not a replay.
/// </summary>
internal sealed class ShapleyProgress
{
    private readonly ShapleyAnalysisSpec _spec;
    private readonly int _players;
    private readonly ShapleyRun _run;

    public ShapleyProgress(ShapleyAnalysisSpec spec, int players)
    {
        _spec = spec;
        _players = players;
        _run = Start(spec, players);
    }

    /// <summary>Why the estimate ended (null while it goes on).</summary>
    public string? StopReason { get; private set; }

    public ShapleyRun Run => _run;

    private static ShapleyRun Start(ShapleyAnalysisSpec spec, int players) =>
        ShapleyEstimators.Find(spec.Method)!.Start(new ShapleyRequest(players, spec.Samples, (ulong)spec.Seed, spec.UnitDraws));

    /// <summary>
    /// Reads the estimate of <paramref name="record"/>'s completed units: the shared cache advanced to them, or a fresh
    /// one when the cache is ahead of the record (an older version of it), so the answer never depends on who asked
    /// first. Under a lock, because a state handed to a query (another thread) shares the cache with the live one.
    /// </summary>
    public static T Read<T>(AnalysisRecord record, ShapleyAnalysisSpec spec, Func<ShapleyProgress, T> read)
    {
        var cache = (ShapleyProgress)record.Cache!;
        lock (cache)
        {
            var progress = cache;
            if (progress._run.MergedUnits > record.ContiguousUnits()) progress = new ShapleyProgress(spec, record.Groups.Count);
            progress.Advance(record);
            return read(progress);
        }
    }

    /// <summary>The value of coalition <paramref name="c"/> in the analysis's measure (NaN: not known).</summary>
    public double Value(AnalysisRecord record, ulong c) =>
        record.Values.TryGetValue(c, out var r) ? r.Measure(ShapleyAnalysisSpec.SplitAndMeasure(_spec.Metric).Measure) : double.NaN;

    private void Advance(AnalysisRecord record)
    {
        while (StopReason is null && record.Completed.Contains(_run.MergedUnits))
        {
            var unit = _run.TryPlan(_run.MergedUnits)
                ?? throw new InvalidOperationException($"{record.Id}: unit {_run.MergedUnits} completed but cannot be planned");
            _run.Merge(_run.Summarize(unit, unit.Coalitions.Select(c => Value(record, c)).ToArray()));
            StopReason = Stopping(_run.Estimate());
        }
        if (StopReason is null && _run.IsComplete) StopReason = "all samples drawn";
    }

    private string? Stopping(ShapleyEstimate estimate)
    {
        if (_run.IsComplete) return _spec.Method == "exact" ? "all coalitions evaluated" : "all samples drawn";
        if (_spec.MaxEvaluations is { } budget && estimate.Evaluations >= budget) return $"evaluation budget {budget} reached";
        if (_spec.TargetHalfWidth is { } target && new StoppingRule(target).ShouldStop(estimate))
            return $"target half-width {target} reached";
        return null;
    }
}
