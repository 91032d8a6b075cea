namespace CoToSweep.Actors.Coordinator;

/// <summary>
/// Published on the actor system's event stream by the <see cref="SweepManager"/>: a sweep whose coordinator cannot
/// write its journal (<see cref="SweepStalled"/>, once per failed attempt, with the first failure of the run of failures as
/// <c>Since</c>) and its end (<see cref="SweepUnstalled"/>, after a write succeeds again). The embedded run gives up on
/// the first; a cluster coordinator keeps retrying and shows the stall in its liveness record.
/// </summary>
public static class JournalStalls
{
    public sealed record SweepStalled(string SweepId, string Reason, DateTimeOffset Since, DateTimeOffset At, int Failures)
    {
        public TimeSpan Duration => At - Since;
    }

    public sealed record SweepUnstalled(string SweepId);

    /// <summary>Asks the manager for the sweeps stalled now.</summary>
    public sealed record GetStalls
    {
        public static readonly GetStalls Instance = new();
    }

    public sealed record Stalls(IReadOnlyList<SweepStalled> Sweeps);
}
