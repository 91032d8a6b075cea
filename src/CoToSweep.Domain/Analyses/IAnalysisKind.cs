using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Analyses;

/// <summary>What just happened that may make analyses due.</summary>
public abstract record AnalysisTrigger
{
    /// <summary>A trial reached a terminal status (completed, or failed for good).</summary>
    public sealed record TrialFinished(TrialRecord Trial) : AnalysisTrigger;

    /// <summary>Every trial of the sweep is finished.</summary>
    public sealed record TrainingDone : AnalysisTrigger;

    /// <summary>Another analysis reached a terminal status (prune by Shapley order waits for the trial's Shapley values).</summary>
    public sealed record AnalysisFinished(AnalysisRecord Analysis) : AnalysisTrigger;
}

/// <summary>An analysis a kind wants planned: its id and the trials whose adapters it uses (in order).</summary>
public sealed record AnalysisPlan(string Id, IReadOnlyList<string> TrialIds);

/// <summary>
/// An analysis kind (shapley, merge, prune, …): which trials it needs, its numbered work units and the probes each
/// unit evaluates, how the results fold in, when it is done and what its result is. Pure functions of the sweep state
/// (which holds every journaled probe result), so a resumed analysis redoes no finished unit and the answer does not
/// depend on which slot finished first. One file per kind, registered in <see cref="AnalysisKinds"/>.
/// </summary>
public interface IAnalysisKind
{
    /// <summary>The kind's name: the key under <c>analysis</c> in sweep files and <see cref="AnalysisRecord.Kind"/>.</summary>
    string Name { get; }

    /// <summary>Whether the sweep's <c>analysis</c> block asks for this kind.</summary>
    bool IsWanted(SweepSpec spec);

    /// <summary>The analyses due after <paramref name="trigger"/> in <paramref name="state"/>; ones already planned are dropped by the caller.</summary>
    IEnumerable<AnalysisPlan> Plan(SweepState state, AnalysisTrigger trigger);

    /// <summary>A fresh cache for a planned analysis (null: the kind keeps none).</summary>
    object? NewCache(SweepSpec spec, int groups) => null;

    /// <summary>Units 0 … n−1 may be leased now (a kind may hold units back until earlier ones are merged, or stop early).</summary>
    int LeasableUnits(SweepState state, AnalysisRecord analysis);

    /// <summary>The probe numbers unit <paramref name="unit"/> needs.</summary>
    IReadOnlyList<ulong> UnitProbes(SweepState state, AnalysisRecord analysis, int unit);

    /// <summary>What probe number <paramref name="probe"/> evaluates.</summary>
    AdapterProbe Describe(SweepState state, AnalysisRecord analysis, ulong probe);

    /// <summary>The result once the completed units say the analysis is done, else null.</summary>
    AnalysisResult? Finish(SweepState state, AnalysisRecord analysis);
}
