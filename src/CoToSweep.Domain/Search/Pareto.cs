namespace CoToSweep.Domain.Search;

/// <summary>Non-dominated sorting of loss vectors (lower is better in every objective).</summary>
public static class Pareto
{
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var strictly = false;
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] > b[i]) return false;
            if (a[i] < b[i]) strictly = true;
        }
        return strictly;
    }

    /// <summary>Each point's front (0 = non-dominated), by repeatedly peeling off the non-dominated points.</summary>
    public static int[] Ranks(IReadOnlyList<IReadOnlyList<double>> points)
    {
        var rank = Enumerable.Repeat(-1, points.Count).ToArray();
        for (var front = 0; rank.Contains(-1); front++)
        {
            var left = Enumerable.Range(0, points.Count).Where(i => rank[i] < 0).ToList();
            foreach (var i in left.Where(i => !left.Any(j => j != i && Dominates(points[j], points[i]))).ToList()) rank[i] = front;
        }
        return rank;
    }

    /// <summary>
    /// The indices of the best <paramref name="count"/> points: one objective by value (ties: earlier first); several by
    /// front, the last front cut by crowding distance (wider first), as Optuna's multi-objective TPE splits.
    /// </summary>
    public static HashSet<int> Best(IReadOnlyList<IReadOnlyList<double>> points, int count)
    {
        if (points.Count == 0 || points[0].Count == 1)
            return Enumerable.Range(0, points.Count).OrderBy(i => points[i][0]).ThenBy(i => i).Take(count).ToHashSet();
        var ranks = Ranks(points);
        var chosen = new HashSet<int>();
        for (var front = 0; chosen.Count < count; front++)
        {
            var members = Enumerable.Range(0, points.Count).Where(i => ranks[i] == front).ToList();
            if (chosen.Count + members.Count <= count) { chosen.UnionWith(members); continue; }
            var crowding = Crowding(points, members);
            chosen.UnionWith(members.OrderByDescending(i => crowding[i]).ThenBy(i => i).Take(count - chosen.Count));
        }
        return chosen;
    }

    /// <summary>Crowding distance within one front: the sum over objectives of the normalised gap between neighbours.</summary>
    public static Dictionary<int, double> Crowding(IReadOnlyList<IReadOnlyList<double>> points, IReadOnlyList<int> front)
    {
        var distance = front.ToDictionary(i => i, _ => 0.0);
        if (front.Count == 0) return distance;
        for (var m = 0; m < points[front[0]].Count; m++)
        {
            var sorted = front.OrderBy(i => points[i][m]).ThenBy(i => i).ToList();
            var span = points[sorted[^1]][m] - points[sorted[0]][m];
            distance[sorted[0]] = distance[sorted[^1]] = double.PositiveInfinity;
            if (span <= 0) continue;
            for (var r = 1; r < sorted.Count - 1; r++)
                distance[sorted[r]] += (points[sorted[r + 1]][m] - points[sorted[r - 1]][m]) / span;
        }
        return distance;
    }
}
