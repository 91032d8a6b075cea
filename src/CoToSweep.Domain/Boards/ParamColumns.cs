using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>The parameters a view shows for a sweep's trials: the same ones (and order) as the boards' parameter columns.</summary>
public static class ParamColumns
{
    /// <summary>
    /// One walk of the trials, in the dictionary's order (the answer does not depend on it), listing none: the live view
    /// asks at every refresh, and a list of every trial was an 8 MB array on the large-object heap each time at a million
    /// trials, most of such a run's large-object garbage (traced). Trials sharing a key array (all of them, as a rule:
    /// see <see cref="CompactMap"/>) give their names once.
    /// </summary>
    public static IReadOnlyList<string> Of(SweepState state)
    {
        var trials = state.Trials.Values;
        var keySets = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var names = trials.Select(t => t.Params.Keys).Where(keySets.Add).SelectMany(keys => keys);
        return ColumnSet.ParamNames(state.Spec, names, name => ColumnSet.Varies(name, trials));
    }
}
