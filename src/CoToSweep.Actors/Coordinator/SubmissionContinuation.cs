using Akka.Actor;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Coordinator;

/// <summary>
/// <c>cotosweep submit</c> of an edited file on a cluster: a file whose id the coordinator does not know but which differs
/// from a journaled sweep of its name only in its budget (<see cref="SweepIdentity.SameSweep"/>) continues that sweep,
/// under its id, as <c>run</c> does from its state dir; the sweep then journals the bigger budget (or refuses a smaller one).
/// </summary>
public static class SubmissionContinuation
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <param name="earlier">The journaled sweeps of the file's name, newest first (an earlier edit continued the newest).</param>
    public static async Task<SweepCommands.SubmitSweep> Resolve(SweepCommands.SubmitSweep submit, IReadOnlyList<(string Id, IActorRef Coordinator)> earlier)
    {
        foreach (var (id, coordinator) in earlier)
            if (await coordinator.Ask<object>(new SweepQueries.GetState(id), Timeout) is SweepState { CanonicalJson: { } json }
                && SweepIdentity.SameSweep(json, submit.Definition.CanonicalJson))
                return submit with { Definition = submit.Definition with { Id = id } };
        return submit;
    }

    /// <summary>Those of <paramref name="sweeps"/> (in submission order) a file named <paramref name="name"/> could continue, newest first.</summary>
    public static IEnumerable<string> Candidates(IEnumerable<string> sweeps, string name) =>
        sweeps.Where(id => id.StartsWith(name + "-", StringComparison.Ordinal)).Reverse();
}
