using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli;

/// <summary>
/// `run` of an edited sweep file: when the state dir holds a sweep of the same name whose file differs only in its
/// budget, the run continues that sweep (under its id) with the bigger budget instead of starting a new one. A budget
/// that shrinks is refused before anything is written.
/// </summary>
public static class SweepContinuation
{
    public static SweepDefinition Resolve(SweepDefinition definition, string file, string stateDir)
    {
        var journal = StateDirectory.JournalPath(stateDir);
        if (!File.Exists(journal)) return definition;
        var catalog = new SweepCatalog(new SqliteJournalReader(journal));
        var registered = catalog.Registered().Select(r => r.SweepId).ToList();
        if (registered.Contains(definition.Id)) return definition;
        // The newest sweep of that name first: it is the one an earlier edit continued.
        foreach (var id in registered.Where(id => id.StartsWith(definition.Spec!.Name + "-", StringComparison.Ordinal)).Reverse())
        {
            var sweep = catalog.LoadSubmission(id);
            if (sweep is null || !SweepIdentity.SameSweep(sweep.CanonicalJson, definition.CanonicalJson)) continue;
            if (SweepIdentity.BudgetProblem(sweep.Spec, definition.Spec!) is { } problem)
                throw new UserError($"{file}: {problem} (sweep {id}); to start another sweep, change its name");
            return definition with { Id = id };
        }
        return definition;
    }
}
