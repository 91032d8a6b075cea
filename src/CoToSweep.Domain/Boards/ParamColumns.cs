using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>The parameters a view shows for a sweep's trials: the same ones (and order) as the boards' parameter columns.</summary>
public static class ParamColumns
{
    public static IReadOnlyList<string> Of(SweepState state) => ColumnSet.ParamNames(state.Spec, state.TrialsInOrder.ToList());
}
