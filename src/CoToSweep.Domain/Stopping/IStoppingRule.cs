using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Stopping;

/// <summary>
/// One trial's reports of the objective, in journal order, as losses (lower is better), and its parameters: trials with
/// equal parameters (the seeds of one configuration, or a sampler proposing a configuration again) are one configuration.
/// </summary>
public sealed record TrialCurve(string TrialId, IReadOnlyList<(long Step, double Loss)> Points, IReadOnlyDictionary<string, ParamValue> Params);

/// <summary>
/// The moment of a decision: <see cref="Trial"/> has just reported (its last point is the new report); <see cref="Others"/>
/// are every other trial's reports journaled before it, so the decision depends on the journal order alone.
/// </summary>
public sealed record StoppingInput(TrialCurve Trial, IReadOnlyList<TrialCurve> Others);

/// <summary>
/// An early-stopping rule: after each report, stop the trial (a reason) or let it go on (null). Pure: the sweep state
/// calls it in <c>Process</c>, and the decision is journaled as <c>TrialStopped</c>.
/// </summary>
public interface IStoppingRule
{
    string Name { get; }

    string? Decide(EarlyStoppingSpec spec, StoppingInput input);
}

/// <summary>The rules by name: the one list <c>early_stopping.rule</c> is checked against.</summary>
public static class StoppingRules
{
    public static readonly IReadOnlyList<IStoppingRule> All = [new MedianRule(), new AshaRule()];

    public static IStoppingRule? Find(string name) => All.FirstOrDefault(r => r.Name == name);
}
