namespace CoToSweep.Domain.Shapley;

/// <summary>
/// One estimate in progress, as a pure state machine the caller drives: <see cref="TryPlan"/> says which coalitions
/// unit k needs, anyone evaluates them, <see cref="Summarize"/> turns the values into statistics (pure, any
/// thread), and <see cref="Merge"/> folds them in unit order. A stopping rule is checked between merges, so any
/// split of the units over workers gives bit-for-bit the answer of a single process with the same seed.
/// </summary>
public sealed class ShapleyRun
{
    private readonly IRunDesign _design;
    private readonly List<(int FirstUnit, long FirstDraw, DrawPhase Phase)> _phases = [];
    private readonly HashSet<ulong> _evaluated = [];
    private readonly List<Observation> _observations = [];
    private readonly double[] _sums;
    private bool _noMorePhases;
    private long _samples;

    internal ShapleyRun(string method, int players, IRunDesign design)
    {
        Method = method;
        Players = players;
        _design = design;
        _sums = new double[players];
        Moments = new MomentTable(players, design.Strata);
    }

    public string Method { get; }

    public int Players { get; }

    /// <summary>Units merged so far; the next <see cref="Merge"/> must carry this index.</summary>
    public int MergedUnits { get; private set; }

    /// <summary>Distinct coalitions in the merged units.</summary>
    public long Evaluations => _evaluated.Count;

    /// <summary>True when every planned unit is merged and no phase follows.</summary>
    public bool IsComplete
    {
        get
        {
            OpenPhases();
            return _noMorePhases && MergedUnits == PlannedUnits;
        }
    }

    /// <summary>
    /// Units that can be planned now: every unit of the phases opened so far. A unit at or past this index waits for
    /// the merges before it (a pilot barrier) or lies past the end (<see cref="IsComplete"/> tells which).
    /// </summary>
    public int PlannableUnits
    {
        get
        {
            OpenPhases();
            return PlannedUnits;
        }
    }

    internal MomentTable Moments { get; }

    internal IReadOnlyList<Observation> Observations => _observations;

    private int PlannedUnits => _phases.Count == 0 ? 0 : _phases[^1].FirstUnit + _phases[^1].Phase.Units;

    /// <summary>
    /// The coalitions unit <paramref name="unit"/> needs, or null if it cannot be known yet (it lies behind a
    /// pilot whose units are not all merged) or lies past the end of the estimate.
    /// </summary>
    public WorkUnit? TryPlan(int unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        OpenPhases();
        if (unit >= PlannedUnits) return null;
        var (index, (firstUnit, firstDraw, phase)) = _phases.Select((p, i) => (i, p)).Last(p => p.p.FirstUnit <= unit);
        var from = (long)(unit - firstUnit) * phase.DrawsPerUnit;
        var draws = (int)Math.Min(phase.DrawsPerUnit, phase.Draws - from);
        var coalitions = new List<ulong>();
        for (var d = 0; d < draws; d++) phase.Scheme.Coalitions(from + d, coalitions);
        var distinct = new List<ulong>(coalitions.Count);
        var seen = new HashSet<ulong>();
        foreach (var c in coalitions)
            if (seen.Add(c)) distinct.Add(c);
        return new WorkUnit(unit, index, firstDraw + from, draws, distinct);
    }

    /// <summary>
    /// Statistics of a planned unit from its coalition values (aligned with <see cref="WorkUnit.Coalitions"/>). Pure:
    /// may run on any thread alongside other Summarize calls, though not alongside TryPlan or Merge.
    /// </summary>
    public UnitStatistics Summarize(WorkUnit unit, IReadOnlyList<double> values)
    {
        if (values.Count != unit.Coalitions.Count)
            throw new ArgumentException($"unit {unit.Index} needs {unit.Coalitions.Count} values, got {values.Count}");
        var (_, firstDraw, phase) = _phases[unit.Phase];
        var lookup = new Dictionary<ulong, double>(unit.Coalitions.Count);
        for (var c = 0; c < values.Count; c++) lookup[unit.Coalitions[c]] = values[c];
        var sink = new UnitSink(Players, _design.Strata);
        var from = unit.FirstDraw - firstDraw;
        for (var d = 0; d < unit.Draws; d++) phase.Scheme.Score(from + d, c => lookup[c], sink);
        return new UnitStatistics(unit.Index, unit.Coalitions, sink.Moments, sink.Sums, sink.Observations,
            (long)unit.Draws * phase.Scheme.SamplesPerDraw);
    }

    /// <summary>Evaluates a unit's coalitions on <paramref name="game"/> and summarizes them.</summary>
    public UnitStatistics Evaluate(WorkUnit unit, ICoalitionGame game) =>
        Summarize(unit, unit.Coalitions.Select(game.Value).ToArray());

    /// <summary>Folds in the statistics of the next unit; units must arrive in index order.</summary>
    public void Merge(UnitStatistics statistics)
    {
        if (statistics.Index != MergedUnits)
            throw new InvalidOperationException($"merge unit {MergedUnits} next, not unit {statistics.Index}");
        _evaluated.UnionWith(statistics.Coalitions);
        Moments.Merge(statistics.Moments);
        for (var i = 0; i < Players; i++) _sums[i] += statistics.Sums[i];
        _observations.AddRange(statistics.Observations);
        _samples += statistics.SamplesPerPlayer;
        MergedUnits++;
    }

    public ShapleyEstimate Estimate()
    {
        var values = new double[Players];
        var errors = new double[Players];
        for (var i = 0; i < Players; i++)
        {
            double phi = _sums[i], variance = 0;
            for (var k = 0; k < _design.Strata; k++)
            {
                var cell = Moments[i, k];
                if (cell.Count == 0)
                {
                    if (_design.IsExact(k) || _design.Weight(k) != 0) variance = double.NaN;
                    continue;
                }
                var w = _design.Weight(k);
                phi += w * cell.Mean;
                if (!_design.IsExact(k)) variance += w * w * cell.VarianceOfMean;
            }
            values[i] = phi;
            // Exact sums are only right once every coalition is in: until then the error is unknown, not zero.
            errors[i] = _design.Strata == 0 && !IsComplete ? double.NaN : Math.Sqrt(variance);
        }
        return new ShapleyEstimate(Method, values, errors, Evaluations, _samples, MergedUnits);
    }

    /// <summary>Builds the next phases once everything planned so far is merged (the pilot barrier).</summary>
    private void OpenPhases()
    {
        while (!_noMorePhases && MergedUnits == PlannedUnits)
        {
            var phase = _design.Phase(_phases.Count, this);
            if (phase is null)
            {
                _noMorePhases = true;
                break;
            }
            var firstDraw = _phases.Count == 0 ? 0 : _phases[^1].FirstDraw + _phases[^1].Phase.Draws;
            _phases.Add((PlannedUnits, firstDraw, phase));
        }
    }
}
