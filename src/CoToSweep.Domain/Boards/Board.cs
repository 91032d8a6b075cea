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
    public Board(string kind, string title, IReadOnlyList<BoardColumn> columns, IReadOnlyList<IReadOnlyList<object?>> rows)
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
    }

    /// <summary>The board's name as the CLI spells it: <c>trials</c>, <c>configs</c>, ….</summary>
    public string Kind { get; }

    /// <summary>One line saying what is ranked and how; shown above the plain-text table.</summary>
    public string Title { get; }

    public IReadOnlyList<BoardColumn> Columns { get; }

    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }

    /// <summary>The same board with only the columns <paramref name="keep"/> accepts (rows keep their order).</summary>
    public Board Project(Func<BoardColumn, bool> keep)
    {
        var kept = Enumerable.Range(0, Columns.Count).Where(i => keep(Columns[i])).ToList();
        return new Board(Kind, Title, kept.Select(i => Columns[i]).ToList(),
            Rows.Select(r => (IReadOnlyList<object?>)kept.Select(i => r[i]).ToList()).ToList());
    }

    /// <summary>The same board with only the rows <paramref name="keep"/> accepts (in their order).</summary>
    public Board Where(Func<IReadOnlyList<object?>, bool> keep) => new(Kind, Title, Columns, Rows.Where(keep).ToList());

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
