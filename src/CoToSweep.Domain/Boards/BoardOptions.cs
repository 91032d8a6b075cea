namespace CoToSweep.Domain.Boards;

/// <summary>
/// Options every board takes. <see cref="Top"/>: keep only the N best <em>ranked</em> rows; rows that are
/// not ranked (failed, running, pending, no objective) are then left out. Without it every row is shown,
/// the ranked ones first.
/// </summary>
public sealed record BoardOptions
{
    public static readonly BoardOptions Default = new();

    private readonly int? _top;

    public BoardOptions(int? Top = null) => this.Top = Top;

    public int? Top
    {
        get => _top;
        init => _top = value is null or > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Top), value, "--top must be a positive number of rows");
    }
}
