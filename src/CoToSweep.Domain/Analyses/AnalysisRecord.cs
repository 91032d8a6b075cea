using System.Collections.Immutable;

namespace CoToSweep.Domain.Analyses;

public enum AnalysisStatus { Running, Completed, Failed }

/// <summary>A leased work unit of an analysis: which attempt, on which slot, since when.</summary>
public sealed record UnitLease(int Attempt, string Worker, DateTimeOffset StartedAt);

/// <summary>
/// One analysis (id <c>&lt;kind&gt;-…</c>, e.g. <c>shapley-t0001-s0</c>, <c>merge-c0003</c>), replaced, never mutated, by
/// <c>SweepState.Apply</c>. <see cref="TrialIds"/> and <see cref="ArtifactDirs"/> are the trials whose adapters it uses,
/// in the same order; <see cref="Groups"/> the first trial's adapter groups in mask order. <see cref="Values"/> caches
/// every probe result any unit reported, by the kind's probe number, so no probe is evaluated twice once known; units
/// below <see cref="NextUnit"/> were leased at least once.
/// </summary>
public sealed record AnalysisRecord(
    string Id,
    string Kind,
    IReadOnlyList<string> TrialIds,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string?> ArtifactDirs,
    AnalysisStatus Status,
    int NextUnit,
    ImmutableSortedSet<int> Pending,
    ImmutableSortedDictionary<int, UnitLease> Running,
    ImmutableDictionary<int, int> Attempts,
    ImmutableSortedSet<int> Completed,
    ImmutableDictionary<ulong, ProbeResult> Values,
    int Failures,
    string? Reason,
    AnalysisResult? Result)
{
    /// <summary>The kind's cache of what the fields above determine (e.g. a Shapley estimate in progress); see <see cref="IAnalysisKind.NewCache"/>.</summary>
    internal object? Cache { get; init; }

    /// <summary>The first (for shapley and prune: the only) trial.</summary>
    public string TrialId => TrialIds[0];

    public string? ArtifactDir => ArtifactDirs[0];

    public bool IsTerminal => Status is AnalysisStatus.Completed or AnalysisStatus.Failed;

    public int AttemptOf(int unit) => Attempts.GetValueOrDefault(unit);

    /// <summary>Units 0, 1, … completed without a gap (what an in-order merge can fold in).</summary>
    public int ContiguousUnits()
    {
        var n = 0;
        while (Completed.Contains(n)) n++;
        return n;
    }

    /// <summary>The lease key a slot's heartbeats and acknowledgements carry for one unit.</summary>
    public static string UnitKey(string analysisId, int unit) => $"{analysisId}/u{unit}";

    public static AnalysisRecord Planned(string id, string kind, IReadOnlyList<string> trialIds, IReadOnlyList<string> groups,
        IReadOnlyList<string?> artifactDirs, object? cache) =>
        new(id, kind, trialIds, groups, artifactDirs, AnalysisStatus.Running, 0, [], ImmutableSortedDictionary<int, UnitLease>.Empty,
            ImmutableDictionary<int, int>.Empty, [], ImmutableDictionary<ulong, ProbeResult>.Empty, 0, null, null) { Cache = cache };
}
