using Akka.Actor;
using Akka.Persistence;
using CoToSweep.Domain;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Coordinator;

/// <summary>The persistent list of sweeps (<c>sweeps</c>), so that queries can find every sweep's journal.</summary>
public sealed class SweepRegistry : ReceivePersistentActor
{
    public const string Id = "sweeps";

    private readonly List<string> _known = [];

    public SweepRegistry()
    {
        Recover<RegistryEvents.SweepRegistered>(e =>
        {
            if (!_known.Contains(e.SweepId)) _known.Add(e.SweepId);
        });
        Command<ListSweeps>(_ => Sender.Tell(new SweepList(_known.ToList())));
        Command<RegisterSweep>(c =>
        {
            if (_known.Contains(c.SweepId))
            {
                DeferAsync(c, _ => Sender.Tell(new SweepRegisteredAck(c.SweepId)));
                return;
            }
            _known.Add(c.SweepId);
            var sender = Sender;
            PersistAsync(new RegistryEvents.SweepRegistered(c.SweepId, c.Name, DateTimeOffset.UtcNow),
                _ => sender.Tell(new SweepRegisteredAck(c.SweepId)));
        });
    }

    public override string PersistenceId => Id;

    public static Props Props() => Akka.Actor.Props.Create(() => new SweepRegistry());

    public sealed record RegisterSweep(string SweepId, string Name) : ISweepMessage;

    public sealed record SweepRegisteredAck(string SweepId) : ISweepMessage;

    /// <summary>Asks for every registered sweep id, in registration order.</summary>
    public sealed record ListSweeps : ISweepMessage
    {
        public static readonly ListSweeps Instance = new();
    }

    public sealed record SweepList(IReadOnlyList<string> SweepIds) : ISweepMessage;
}
