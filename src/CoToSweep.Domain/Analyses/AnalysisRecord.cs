using System.Collections.Immutable;

namespace CoToSweep.Domain.Analyses;

public enum AnalysisStatus { Running, Completed, Failed }

/// <summary>A leased work unit of an analysis: which attempt, on which slot, since when.</summary>
public sealed record UnitLease(int Attempt, string Worker, DateTimeOffset StartedAt);

/// <summary>
/// One analysis of one trained trial (id <c>shapley-&lt;trial&gt;</c>), replaced, never mutated, by
/// <c>SweepState.Apply</c>. <see cref="Values"/> caches every coalition value any unit reported, so no coalition is
/// evaluated twice once known; units below <see cref="NextUnit"/> were leased at least once.
/// </summary>
public sealed record AnalysisRecord(
    string Id,
    string TrialId,
    string Kind,
    IReadOnlyList<string> Groups,
    string? ArtifactDir,
    AnalysisStatus Status,
    int NextUnit,
    ImmutableSortedSet<int> Pending,
    ImmutableSortedDictionary<int, UnitLease> Running,
    ImmutableDictionary<int, int> Attempts,
    ImmutableSortedSet<int> Completed,
    ImmutableDictionary<ulong, double> Values,
    int Failures,
    string? Reason,
    ShapleyResult? Result)
{
    /// <summary>Where the estimate in progress is kept between events; a cache of what the fields above determine.</summary>
    internal ShapleyProgress Progress { get; init; } = null!;

    public static string IdFor(string trialId) => "shapley-" + trialId;

    public bool IsTerminal => Status is AnalysisStatus.Completed or AnalysisStatus.Failed;

    public int AttemptOf(int unit) => Attempts.GetValueOrDefault(unit);

    /// <summary>The lease key a slot's heartbeats and acknowledgements carry for one unit.</summary>
    public static string UnitKey(string analysisId, int unit) => $"{analysisId}/u{unit}";
}
