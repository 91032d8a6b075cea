using CoToSweep.Domain;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Protocol;

/// <summary>Messages between worker slots and a sweep coordinator. Workers pull: an idle slot asks for work.</summary>
public static class WorkProtocol
{
    /// <summary>An idle slot asks for a trial; <c>ArtifactRoot</c> is where this slot's node writes artifacts.</summary>
    public sealed record RequestWork(string Worker, string ArtifactRoot) : ISweepMessage;

    public sealed record WorkLeased(TrialAssignment Assignment) : ISweepMessage;

    /// <summary>Nothing to lease now; <c>SweepFinished</c>: nothing will ever be (the slot may stop asking).</summary>
    public sealed record NoWork(string SweepId, bool SweepFinished) : ISweepMessage;

    /// <summary>Sent to slots that were told <see cref="NoWork"/> when a trial becomes pending again.</summary>
    public sealed record WorkAvailable(string SweepId) : ISweepMessage;

    /// <summary>The result of this attempt is journaled (or was already decided); the slot may forget it.</summary>
    public sealed record ResultAcknowledged(string TrialId, int Attempt) : ISweepMessage;
}

/// <summary>In-process queries of a live coordinator (the CLI's live view).</summary>
public static class SweepQueries
{
    public sealed record GetState : ISweepMessage
    {
        public static readonly GetState Instance = new();
    }
}
