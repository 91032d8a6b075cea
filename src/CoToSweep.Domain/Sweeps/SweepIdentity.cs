using System.Text.Json.Nodes;
using CoToSweep.Domain.Search;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// Which edits of a sweep file continue the same sweep: only its budget (<c>search.max_trials</c>, seeds appended to
/// <c>search.seeds</c>) may change, and only upwards. The sweep id itself stays the hash of the whole file as first
/// submitted (<see cref="SweepDefinition"/>), so every existing sweep, journal and fixture keeps its id; an edited file
/// is matched to its sweep by <see cref="SameSweep"/>.
/// </summary>
public static class SweepIdentity
{
    private static readonly string[] BudgetKeys = ["max_trials", "seeds"];

    /// <summary>The canonical form without the budget keys.</summary>
    public static string WithoutBudget(string canonicalJson)
    {
        if (JsonNode.Parse(canonicalJson) is not JsonObject root) return canonicalJson;
        if (root["search"] is JsonObject search)
            foreach (var key in BudgetKeys) search.Remove(key);
        return root.ToJsonString();
    }

    /// <summary>True when two canonical forms differ at most in their budget.</summary>
    public static bool SameSweep(string canonicalA, string canonicalB) =>
        canonicalA == canonicalB || WithoutBudget(canonicalA) == WithoutBudget(canonicalB);

    /// <summary>Why <paramref name="next"/> cannot continue <paramref name="current"/> (a budget that shrinks), or null.</summary>
    public static string? BudgetProblem(SweepSpec current, SweepSpec next)
    {
        var (was, now) = (current.Search.Seeds, next.Search.Seeds);
        if ((was is null) != (now is null) || (was is not null && (now!.Count < was.Count || !now.Take(was.Count).SequenceEqual(was))))
            return $"search.seeds may only grow by seeds appended to [{string.Join(", ", was ?? [])}]";
        if (TrialPlanner.Target(next) < TrialPlanner.Target(current))
            return $"the budget may only grow: this sweep plans {TrialPlanner.Target(current)} trials, the file {TrialPlanner.Target(next)}";
        return null;
    }

    /// <summary>True when the budget differs (and <see cref="BudgetProblem"/> is null: it grew).</summary>
    public static bool BudgetGrew(SweepSpec current, SweepSpec next) =>
        current.Search.MaxTrials != next.Search.MaxTrials || (current.Search.Seeds?.Count ?? 0) != (next.Search.Seeds?.Count ?? 0);
}
