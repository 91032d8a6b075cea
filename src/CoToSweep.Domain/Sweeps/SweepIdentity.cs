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

    /// <summary>
    /// Why a submission of <paramref name="d"/> to the journaled sweep <paramref name="state"/> is refused (a cancelled
    /// sweep takes nothing more; a budget may not shrink), or null when it is accepted (again, or with a bigger budget).
    /// </summary>
    public static string? Refusal(SweepState state, SweepDefinition d)
    {
        if (state.Spec is null) return null;
        if (state.Phase == SweepPhase.Cancelled)
            return $"sweep {state.Id} was cancelled and takes no more trials; to run the file again, change its name";
        if (state.CanonicalJson is not null && SameSweep(state.CanonicalJson, d.CanonicalJson) && BudgetProblem(state.Spec, d.Spec!) is { } problem)
            return $"{problem} (sweep {state.Id})";
        return null;
    }

    /// <summary>True when the budget differs (and <see cref="BudgetProblem"/> is null: it grew).</summary>
    public static bool BudgetGrew(SweepSpec current, SweepSpec next) =>
        current.Search.MaxTrials != next.Search.MaxTrials || (current.Search.Seeds?.Count ?? 0) != (next.Search.Seeds?.Count ?? 0);
}
