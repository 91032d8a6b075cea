using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Queries;

/// <summary>
/// A journaled sweep as far as running it again needs: its spec with the budget it has now, the file's text and
/// canonical form, where it was submitted from, and whether it is paused (<see cref="SweepCatalog.LoadSubmission"/>).
/// </summary>
public sealed record SweepSubmission(SweepSpec Spec, string SpecText, string CanonicalJson, string? BaseDirectory, bool Paused)
{
    /// <summary>What the whole state says, or null for a state without its submission.</summary>
    public static SweepSubmission? Of(SweepState state) => state is { Spec: { } spec, SpecText: { } text, CanonicalJson: { } canonical }
        ? new SweepSubmission(spec, text, canonical, state.BaseDirectory, state.Paused)
        : null;

    /// <summary>The same after one more event: only a budget change and pausing touch what this holds.</summary>
    public SweepSubmission Apply(ISweepEvent e) => e switch
    {
        SweepEvents.BudgetChanged b => this with { Spec = b.Budgeted(Spec), SpecText = b.SpecText, CanonicalJson = b.CanonicalJson },
        SweepEvents.SweepPaused => this with { Paused = true },
        SweepEvents.SweepUnpaused => this with { Paused = false },
        _ => this,
    };

    /// <summary>The definition a run of it takes, under its journaled id.</summary>
    public SweepDefinition Definition(string sweepId) => new(Spec, sweepId, SpecText, CanonicalJson, BaseDirectory, []);
}
