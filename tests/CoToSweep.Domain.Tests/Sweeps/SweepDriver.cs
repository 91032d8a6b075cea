using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;

namespace CoToSweep.Domain.Tests.Sweeps;

/// <summary>
/// Drives a <see cref="SweepState"/> the way the coordinator does (process a command, apply its events, journal them),
/// with a clock that moves one second per reading, starting from the submission at <c>t0</c>.
/// </summary>
public class SweepDriver
{
    private readonly DateTimeOffset _t0;
    private int _tick;
    public SweepState State;
    public readonly List<ISweepEvent> Journal = [];

    public SweepDriver(SweepDefinition d, DateTimeOffset t0)
    {
        _t0 = t0;
        State = SweepState.Empty(d.Id);
        Do(new SubmitSweep(d, t0));
    }

    public DateTimeOffset Now => _t0.AddSeconds(++_tick);

    public IReadOnlyList<ISweepEvent> Do(ISweepCommand c)
    {
        var events = State.Process(c);
        foreach (var e in events) State = State.Apply(e);
        Journal.AddRange(events);
        return events;
    }
}
