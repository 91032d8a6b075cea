using System.Collections.Immutable;

namespace CoToSweep.Domain.Sweeps;

/// <summary>A trial's status; a byte, as a trial record keeps a million of them.</summary>
public enum TrialStatus : byte { Pending, Running, Completed, Failed, Stopped }

/// <summary>One point of a learning curve, as reported by a running trial.</summary>
public sealed record CurvePoint(long Step, IReadOnlyDictionary<string, double> Metrics);

/// <summary>A planned trial: one configuration under one seed.</summary>
public sealed record PlannedTrial(string Id, int Config, long Seed, IReadOnlyDictionary<string, ParamValue> Params);

/// <summary>
/// Everything known about one trial; replaced, never mutated, by <see cref="SweepState.Apply"/>. A sweep holds a million
/// of these, so the repeated parts are shared: parameters and metrics are <see cref="CompactMap{T}"/>s (see
/// <see cref="Compact"/>), the worker's name a <see cref="SharedText"/>, and the artifact directory is kept as its shared
/// root and attempt when it has the usual <c>ROOT/TRIAL/attempt-N</c> shape.
/// </summary>
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
    private TrialDirectory Dir { get; init; } = TrialDirectory.Of(ArtifactDir, Id);

    // The times and the objective unwrapped (see TrialTime): 32 bytes a record less than the nullable fields, which
    // a million-trial sweep keeps a million of.
    private long _startedTicks = TrialTime.Ticks(StartedAt), _finishedTicks = TrialTime.Ticks(FinishedAt);
    private short _startedOffset = TrialTime.Offset(StartedAt), _finishedOffset = TrialTime.Offset(FinishedAt);
    private double _objective = Objective ?? 0;
    private bool _hasObjective = Objective.HasValue;

    public DateTimeOffset? StartedAt
    {
        get => TrialTime.Value(_startedTicks, _startedOffset);
        init => (_startedTicks, _startedOffset) = (TrialTime.Ticks(value), TrialTime.Offset(value));
    }

    public DateTimeOffset? FinishedAt
    {
        get => TrialTime.Value(_finishedTicks, _finishedOffset);
        init => (_finishedTicks, _finishedOffset) = (TrialTime.Ticks(value), TrialTime.Offset(value));
    }

    public double? Objective
    {
        get => _hasObjective ? _objective : null;
        init => (_objective, _hasObjective) = (value ?? 0, value.HasValue);
    }

    public string? ArtifactDir
    {
        get => Dir.Path(Id);
        init => Dir = TrialDirectory.Of(value, Id);
    }

    /// <summary>The directory of another attempt of the trial (a late completion of an older attempt): <c>…/attempt-N</c>.</summary>
    public TrialRecord InAttemptDir(int attempt) => Dir.Root is not null
        ? this with { Dir = Dir.AtAttempt(attempt) }
        : this with { ArtifactDir = ArtifactDir is { } current ? Path.Combine(Path.GetDirectoryName(current) ?? "", $"attempt-{attempt}") : null };

    public static TrialRecord Planned(PlannedTrial p, int order) => new(
        p.Id, order, p.Config, p.Seed, CompactMap.From(p.Params), TrialStatus.Pending, 0, 0, null,
        CompactMap.From(ImmutableDictionary<string, double>.Empty), null, [], null, null, null, null);

    /// <summary>Metrics as a trial keeps them: a compact map whose names are shared with every other trial's.</summary>
    public static IReadOnlyDictionary<string, double> Compact(IReadOnlyDictionary<string, double> metrics) => CompactMap.From(metrics);

    public bool IsTerminal => Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Stopped;

    public double? WallSeconds => StartedAt is { } s && FinishedAt is { } f ? (f - s).TotalSeconds : null;

    public static string MakeId(int config, long seed) => $"t{config:D4}-s{seed}";
}
