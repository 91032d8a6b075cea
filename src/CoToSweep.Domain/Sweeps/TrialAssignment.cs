namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// Everything a worker slot needs to run one attempt of one trial. Sent by the coordinator with a lease;
/// self-contained so that a worker on another node needs no access to the journal.
/// </summary>
public sealed record TrialAssignment(
    string SweepId,
    string TrialId,
    int Attempt,
    long Seed,
    IReadOnlyDictionary<string, ParamValue> Params,
    TrialSpec Trial,
    ObjectiveSpec Objective,
    double? TimeoutSeconds,
    string ArtifactDir,
    string? BaseDirectory) : ISweepMessage;
