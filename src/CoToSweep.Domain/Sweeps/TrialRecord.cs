using System.Collections.Immutable;

namespace CoToSweep.Domain.Sweeps;

public enum TrialStatus { Pending, Running, Completed, Failed, Stopped }

/// <summary>One point of a learning curve, as reported by a running trial.</summary>
public sealed record CurvePoint(long Step, IReadOnlyDictionary<string, double> Metrics);

/// <summary>A planned trial: one configuration under one seed.</summary>
public sealed record PlannedTrial(string Id, int Config, long Seed, IReadOnlyDictionary<string, ParamValue> Params);

/// <summary>Everything known about one trial; replaced, never mutated, by <see cref="SweepState.Apply"/>.</summary>
public sealed record TrialRecord(
    string Id,
    int Order,
    int Config,
    long Seed,
    IReadOnlyDictionary<string, ParamValue> Params,
    TrialStatus Status,
    int Attempt,
    int Failures,
    string? Worker,
    IReadOnlyDictionary<string, double> Metrics,
    double? Objective,
    ImmutableList<CurvePoint> Curve,
    string? Reason,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? ArtifactDir)
{
    public static TrialRecord Planned(PlannedTrial p, int order) => new(
        p.Id, order, p.Config, p.Seed, p.Params, TrialStatus.Pending, 0, 0, null,
        ImmutableDictionary<string, double>.Empty, null, [], null, null, null, null);

    public bool IsTerminal => Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Stopped;

    public double? WallSeconds => StartedAt is { } s && FinishedAt is { } f ? (f - s).TotalSeconds : null;

    public static string MakeId(int config, long seed) => $"t{config:D4}-s{seed}";
}
