namespace CoToSweep.Domain.Shapley;

/// <summary>One <see cref="Welford"/> per (player, stratum): the mergeable state of every sampling estimator.</summary>
public sealed class MomentTable
{
    private readonly Welford[] _cells;

    public MomentTable(int players, int strata)
    {
        Players = players;
        Strata = strata;
        _cells = new Welford[players * strata];
    }

    public int Players { get; }

    public int Strata { get; }

    public Welford this[int player, int stratum] => _cells[player * Strata + stratum];

    public void Add(int player, int stratum, double sample)
    {
        ref var cell = ref _cells[player * Strata + stratum];
        cell = cell.Add(sample);
    }

    public void Merge(MomentTable other)
    {
        if (other.Players != Players || other.Strata != Strata) throw new ArgumentException("moment tables differ in shape");
        for (var c = 0; c < _cells.Length; c++) _cells[c] = _cells[c].Merge(other._cells[c]);
    }
}
