namespace CoToSweep.Domain.Analyses;

/// <summary>
/// One leased analysis work unit: evaluate <see cref="Coalitions"/> (bitmasks over <see cref="Groups"/>) of the adapter
/// trained by trial <see cref="TrialId"/> (in <see cref="ArtifactDir"/>) on <see cref="Metric"/>, and send the values
/// back in the same order. Self-contained, like a trial assignment.
/// </summary>
public sealed record AnalysisUnitAssignment(
    string SweepId,
    string AnalysisId,
    string TrialId,
    int Unit,
    int Attempt,
    string TrialKind,
    string ArtifactDir,
    IReadOnlyList<string> Groups,
    IReadOnlyList<ulong> Coalitions,
    string Metric) : ISweepMessage
{
    /// <summary>The key heartbeats and acknowledgements of this unit carry.</summary>
    public string Key => AnalysisRecord.UnitKey(AnalysisId, Unit);
}
