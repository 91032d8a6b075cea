namespace CoToSweep.Domain.Boards;

/// <summary>What a column holds; renderers use it for alignment, the CLI may use it for styling.</summary>
public enum ColumnKind
{
    /// <summary>Descriptive text: trial id, status, failure reason.</summary>
    Text,
    /// <summary>A bookkeeping number: rank, seed, configuration index, counts, seconds.</summary>
    Number,
    /// <summary>A hyperparameter, named by its dotted name (<c>schedule.shape</c>).</summary>
    Param,
    /// <summary>A metric or a statistic of one (<c>val_acc</c>, <c>val_acc_mean</c>).</summary>
    Metric,
}

/// <summary>One column of a board. <see cref="Numeric"/>: every non-empty cell is a number (right-aligned).</summary>
public sealed record BoardColumn(string Name, ColumnKind Kind, bool Numeric);

/// <summary>
/// A renderer-agnostic ranked table: ordered columns and rows of typed cells. A cell is <c>null</c> (missing),
/// <see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="bool"/>; nothing else.
/// Every board kind (trials, configs, and later merge, prune, shapley) builds one; every format renders one.
/// </summary>
public sealed class Board
{
    public Board(string kind, string title, IReadOnlyList<BoardColumn> columns, IReadOnlyList<IReadOnlyList<object?>> rows,
        IReadOnlyList<string>? rankedBy = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in columns)
            if (!names.Add(c.Name)) throw new ArgumentException($"duplicate board column '{c.Name}'", nameof(columns));
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Count != columns.Count)
                throw new ArgumentException($"row {r} has {rows[r].Count} cells for {columns.Count} columns", nameof(rows));
            foreach (var cell in rows[r])
                if (cell is not (null or string or long or double or bool))
                    throw new ArgumentException($"row {r}: a cell of type {cell.GetType().Name} (cells are string, long, double, bool or null)", nameof(rows));
        }
        Kind = kind;
        Title = title;
        Columns = columns;
        Rows = rows;
        RankedBy = rankedBy ?? [];
    }

    /// <summary>The board's name as the CLI spells it: <c>trials</c>, <c>configs</c>, ….</summary>
    public string Kind { get; }

    /// <summary>One line saying what is ranked and how; shown above the plain-text table.</summary>
    public string Title { get; }

    public IReadOnlyList<BoardColumn> Columns { get; }

    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }

    /// <summary>
    /// The columns the rows are ranked by (the objective, or its mean and interval): a narrowed view never drops
    /// them. Empty when the board says nothing about it.
    /// </summary>
    public IReadOnlyList<string> RankedBy { get; }

    /// <summary>Whether a column is one of <see cref="RankedBy"/>.</summary>
    public bool IsRanking(BoardColumn column) => RankedBy.Contains(column.Name);

    /// <summary>The same board with only the columns <paramref name="keep"/> accepts (rows keep their order).</summary>
    public Board Project(Func<BoardColumn, bool> keep)
    {
        var kept = Enumerable.Range(0, Columns.Count).Where(i => keep(Columns[i])).ToList();
        var columns = kept.Select(i => Columns[i]).ToList();
        return new Board(Kind, Title, columns,
            Rows.Select(r => (IReadOnlyList<object?>)kept.Select(i => r[i]).ToList()).ToList(),
            RankedBy.Where(n => columns.Any(c => c.Name == n)).ToList());
    }

    /// <summary>The same board with only the rows <paramref name="keep"/> accepts (in their order).</summary>
    public Board Where(Func<IReadOnlyList<object?>, bool> keep) => new(Kind, Title, Columns, Rows.Where(keep).ToList(), RankedBy);

    /// <summary>The same board with every cell replaced by <paramref name="map"/>(column, cell).</summary>
    public Board MapCells(Func<BoardColumn, object?, object?> map) => new(Kind, Title, Columns,
        Rows.Select(r => (IReadOnlyList<object?>)r.Select((cell, i) => map(Columns[i], cell)).ToList()).ToList(), RankedBy);

    /// <summary>The index of the column with this name, or -1.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i].Name == column) return i;
        return -1;
    }

    /// <summary>The cell of a row in the named column (throws when there is no such column).</summary>
    public object? Cell(int row, string column)
    {
        var i = IndexOf(column);
        if (i < 0) throw new KeyNotFoundException($"board '{Kind}' has no column '{column}'");
        return Rows[row][i];
    }
}
