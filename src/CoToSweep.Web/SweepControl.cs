using Akka.Actor;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Web;

/// <summary>A cluster member as <c>GET /api/cluster</c> shows it.</summary>
public sealed record MemberView(string Address, IReadOnlyList<string> Roles, string Status);

/// <summary>
/// What the HTTP API asks of the coordinator it runs beside: the same actors the CLI's <c>submit</c> and <c>cancel</c>
/// talk to (in the embedded run its sweep manager, <c>/user/coordinator</c>; on a coordinator node the submission
/// gateway, <c>/user/submissions</c>, which forwards to the singleton wherever it runs). The actor system may be
/// replaced (a coordinator node that was downed starts a new one), so it is looked up on each call.
/// </summary>
public sealed class SweepControl(Func<ActorSystem?> system, string path, string? onlySweep)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The embedded run serves this sweep only (null: a coordinator node, which takes any sweep).</summary>
    public string? OnlySweep => onlySweep;

    /// <summary>The sweep id once journaled (or already journaled: submission is idempotent).</summary>
    public async Task<string> SubmitAsync(SweepDefinition definition, CancellationToken cancellationToken)
    {
        var accepted = await Ask<SweepCoordinator.SweepAccepted>(new SweepCommands.SubmitSweep(definition, DateTimeOffset.UtcNow), cancellationToken);
        return accepted.SweepId;
    }

    /// <summary>A per-sweep command (cancel, pause, unpause): the coordinator's answer once journaled, or <see cref="SweepQueries.UnknownSweep"/>.</summary>
    public Task<object> SendAsync(string sweepId, ISweepCommand command, CancellationToken cancellationToken) =>
        Ask<object>(new WorkProtocol.ForSweep(sweepId, command), cancellationToken);

    public async Task<IReadOnlyList<SweepQueries.SlotSeen>> SlotsAsync(CancellationToken cancellationToken) =>
        (await Ask<SweepQueries.SlotList>(SweepQueries.GetSlots.Instance, cancellationToken)).Slots;

    /// <summary>Members of the cluster, or this process alone when it runs no cluster (the embedded run).</summary>
    public IReadOnlyList<MemberView> Members()
    {
        var s = Current();
        if (!s.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal))
            return [new MemberView(((ExtendedActorSystem)s).Provider.DefaultAddress.ToString(), ["coordinator", "worker"], "up")];
        var state = Akka.Cluster.Cluster.Get(s).State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        return state.Members.Select(m => new MemberView(m.Address.ToString(), m.Roles.Order(StringComparer.Ordinal).ToList(),
            unreachable.Contains(m.Address) ? "unreachable" : m.Status.ToString().ToLowerInvariant())).ToList();
    }

    private ActorSystem Current() => system() ?? throw new ProblemException(Problem.Of(503, "the coordinator is starting; try again in a moment"));

    private async Task<T> Ask<T>(object message, CancellationToken cancellationToken)
    {
        try { return await Current().ActorSelection(path).Ask<T>(message, Timeout, cancellationToken); }
        catch (AskTimeoutException) { throw new ProblemException(Problem.Of(503, $"the coordinator did not answer within {Timeout.TotalSeconds:F0} s")); }
    }
}
