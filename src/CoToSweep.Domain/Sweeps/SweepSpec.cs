using System.Text.Json.Serialization;
using CoToSweep.Domain.Search;

namespace CoToSweep.Domain.Sweeps;

public enum Direction { Maximize, Minimize }

/// <summary>Which of a trial's reported values counts: the last one (default) or the best one.</summary>
public enum MetricUse { Last, Best }

/// <summary>A validated sweep definition. Journaled inside <c>SweepSubmitted</c>, so it stays plain data.</summary>
public sealed record SweepSpec(
    string Name,
    string? Description,
    TrialSpec Trial,
    ObjectiveSpec Objective,
    SearchSpec Search,
    ResourceSpec Resources,
    int Retries,
    int MaxAttempts,
    double? TimeoutSeconds,
    Analyses.AnalysisSpec? Analysis = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Stopping.EarlyStoppingSpec? EarlyStopping = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ObjectiveSpec>? Objectives = null)
{
    public const int DefaultMaxAttempts = 5;

    /// <summary>
    /// Every objective: <c>objectives: […]</c> or the single <c>objective</c>. <see cref="Objective"/> is the first, the one
    /// boards rank by and early stopping reads.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<ObjectiveSpec> AllObjectives => Objectives ?? [Objective];
}

/// <summary>
/// What one trial runs. <see cref="Params"/> holds the trial block's own values flattened to dotted names
/// (<c>schedule.shape</c>); the search space overrides and extends them.
/// </summary>
public sealed record TrialSpec(
    string Kind,
    IReadOnlyList<string> Command,
    string? WorkDir,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, ParamValue> Params);

public sealed record ObjectiveSpec(string Metric, Direction Direction, MetricUse Use)
{
    /// <summary>True when <paramref name="candidate"/> ranks above <paramref name="incumbent"/>.</summary>
    public bool IsBetter(double candidate, double incumbent) =>
        !double.IsNaN(candidate) && (double.IsNaN(incumbent) ||
            (Direction == Direction.Maximize ? candidate > incumbent : candidate < incumbent));
}

public sealed record SearchSpec(
    string Algorithm,
    long Seed,
    int? MaxTrials,
    int? MaxConcurrent,
    IReadOnlyList<long>? Seeds,
    IReadOnlyList<Dimension> Space,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TpeOptions? Tpe = null);

public sealed record ResourceSpec(int Gpus, int Cpus)
{
    public static readonly ResourceSpec Default = new(0, 1);
}
