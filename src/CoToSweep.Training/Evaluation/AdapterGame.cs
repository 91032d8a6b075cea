using CoToSweep.Domain.Shapley;

namespace CoToSweep.Training.Evaluation;

/// <summary>
/// The coalition game of a trained adapter (ALGORITHMS.md §3): players are the session's groups, v(S) the metric on
/// a split with only the groups in S active, so any Shapley estimator can run on a real model. Not thread-safe:
/// each value masks the session's one model in place. The session is the caller's to dispose.
/// </summary>
public sealed class AdapterGame : ICoalitionGame
{
    private readonly AdapterSession session;
    private readonly bool accuracy;
    private readonly string split;

    /// <param name="metric"><c>acc</c> (accuracy) or <c>loss</c> (mean cross-entropy).</param>
    /// <param name="split">train, val, test or ood.</param>
    public AdapterGame(AdapterSession session, string metric = "acc", string split = "val")
    {
        accuracy = metric switch
        {
            "acc" => true,
            "loss" => false,
            _ => throw new ArgumentException($"unknown metric '{metric}' (acc or loss)", nameof(metric)),
        };
        this.session = session;
        this.split = split;
        Groups = session.GroupNames;
        Players = Coalitions.CheckPlayers(Groups.Count);
    }

    public int Players { get; }

    /// <summary>Group names in player order (bit i of a coalition is <c>Groups[i]</c>).</summary>
    public IReadOnlyList<string> Groups { get; }

    public double Value(ulong coalition)
    {
        var result = session.Evaluate(coalition, split);
        return accuracy ? result.Accuracy : result.Loss;
    }
}
