namespace CoToSweep.Domain.Analyses;

/// <summary>
/// One leased analysis work unit: evaluate <see cref="Probes"/> (numbered <see cref="ProbeIds"/> by the analysis's
/// kind) and send their results back in the same order. Self-contained, like a trial assignment: the probes name the
/// adapters' artifact directories. <see cref="Groups"/> are the first trial's adapter groups in mask order (a runner
/// checks the saved adapter has the same).
/// </summary>
public sealed record AnalysisUnitAssignment(
    string SweepId,
    string AnalysisId,
    string AnalysisKind,
    string TrialId,
    int Unit,
    int Attempt,
    string TrialKind,
    IReadOnlyList<string> Groups,
    IReadOnlyList<ulong> ProbeIds,
    IReadOnlyList<AdapterProbe> Probes) : ISweepMessage
{
    /// <summary>The key heartbeats and acknowledgements of this unit carry.</summary>
    public string Key => AnalysisRecord.UnitKey(AnalysisId, Unit);
}
