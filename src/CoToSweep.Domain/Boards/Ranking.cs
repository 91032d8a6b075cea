using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Boards;

/// <summary>
/// Orders board rows by an objective value in the objective's direction. Rows with a value (not null, not NaN)
/// are ranked 1, 2, 3, … (ties keep their input order, so they get consecutive ranks); the others follow,
/// unranked, in the order of their group key then input order.
/// </summary>
public static class Ranking
{
    public sealed record Ranked<T>(T Item, int? Rank);

    public static IReadOnlyList<Ranked<T>> Rank<T>(
        IReadOnlyList<T> items, Func<T, double?> value, Direction? direction, Func<T, int>? unrankedGroup = null, int? top = null)
    {
        var ranked = new List<(T Item, double Value, int Index)>();
        var unranked = new List<(T Item, int Group, int Index)>();
        for (var i = 0; i < items.Count; i++)
        {
            if (direction is not null && value(items[i]) is { } v && !double.IsNaN(v)) ranked.Add((items[i], v, i));
            else unranked.Add((items[i], unrankedGroup?.Invoke(items[i]) ?? 0, i));
        }
        var sign = direction == Direction.Minimize ? 1 : -1;
        ranked.Sort((a, b) => a.Value == b.Value ? a.Index.CompareTo(b.Index) : sign * a.Value.CompareTo(b.Value));
        unranked.Sort((a, b) => a.Group != b.Group ? a.Group.CompareTo(b.Group) : a.Index.CompareTo(b.Index));

        var rows = ranked.Select((r, i) => new Ranked<T>(r.Item, i + 1));
        return top is { } n
            ? rows.Take(n).ToList()
            : rows.Concat(unranked.Select(u => new Ranked<T>(u.Item, null))).ToList();
    }
}
