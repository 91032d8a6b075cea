namespace CoToSweep.Domain.Boards;

/// <summary>
/// Options every board takes. <see cref="Top"/>: keep only the N best <em>ranked</em> rows; rows that are
/// not ranked (failed, running, pending, no objective) are then left out. Without it every row is shown,
/// the ranked ones first.
/// </summary>
public sealed record BoardOptions(int? Top = null)
{
    public static readonly BoardOptions Default = new();

    public int? Top { get; init; } = Top is null or > 0
        ? Top
        : throw new ArgumentOutOfRangeException(nameof(Top), Top, "--top must be a positive number of rows");
}
