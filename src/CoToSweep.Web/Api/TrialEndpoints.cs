using CoToSweep.Domain.Sweeps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoToSweep.Web.Api;

/// <summary>A trial as the trial table shows it.</summary>
public sealed record TrialRow(
    string Id, string Status, IReadOnlyDictionary<string, ParamValue> Params, IReadOnlyDictionary<string, double> Metrics, double? Objective,
    long? Step, int Attempt, DateTimeOffset? Started, DateTimeOffset? Finished)
{
    public static TrialRow Of(TrialRecord t) => new(t.Id, t.Status.ToString().ToLowerInvariant(), t.Params,
        t.Metrics.Count > 0 || t.Curve.IsEmpty ? t.Metrics : t.Curve[^1].Metrics,
        t.Objective, t.Curve.IsEmpty ? null : t.Curve[^1].Step, t.Attempt, t.StartedAt, t.FinishedAt);
}

public sealed record TrialPage(int Total, int Offset, int Limit, IReadOnlyList<TrialRow> Items);

public sealed record CurveOf(string Trial, IReadOnlyList<CurvePoint> Points);

/// <summary><c>/api/sweeps/{id}/trials</c> (paged, sorted, filtered) and a trial's learning curve.</summary>
public static class TrialEndpoints
{
    public const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder api, SweepReads reads)
    {
        api.MapGet("/sweeps/{id}/trials", (string id, int? offset, int? limit, string? sort, bool? desc, string? status, string? q) =>
            Page(reads.State(id), offset ?? 0, limit ?? 100, sort ?? "id", desc ?? false, status, q));
        api.MapGet("/sweeps/{id}/trials/{trial}/curve", (string id, string trial) =>
            reads.State(id).Trials.TryGetValue(trial, out var t)
                ? new CurveOf(t.Id, t.Curve)
                : throw ProblemException.NotFound($"sweep {id} has no trial '{trial}'"));
    }

    public static TrialPage Page(SweepState state, int offset, int limit, string sort, bool desc, string? status, string? q)
    {
        if (offset < 0) throw ProblemException.BadRequest("offset must be 0 or more");
        if (limit is < 1 or > MaxLimit) throw ProblemException.BadRequest($"limit must be from 1 to {MaxLimit}");
        TrialStatus? wanted = null;
        if (status is not null)
            wanted = Enum.TryParse<TrialStatus>(status, ignoreCase: true, out var s) && !int.TryParse(status, out _)
                ? s
                : throw ProblemException.BadRequest($"status must be one of {string.Join(", ", Enum.GetNames<TrialStatus>().Select(n => n.ToLowerInvariant()))}, not '{status}'");
        var key = SortKey(state, sort);
        var rows = state.TrialsInOrder
            .Where(t => wanted is null || t.Status == wanted)
            .Where(t => q is null || t.Id.Contains(q, StringComparison.OrdinalIgnoreCase) ||
                        t.Params.Values.Any(v => v.ToString().Contains(q, StringComparison.OrdinalIgnoreCase)))
            .Select(TrialRow.Of).ToList();
        // Rows without a value sort last either way; ties keep journal order.
        var ordered = rows.Select((r, i) => (Row: r, Index: i, Key: key(r)))
            .OrderBy(x => x.Key is null ? 1 : 0)
            .ThenBy(x => x.Key, desc ? Comparer<IComparable?>.Create((a, b) => Compare(b, a)) : Comparer<IComparable?>.Create(Compare))
            .ThenBy(x => x.Index)
            .Select(x => x.Row).ToList();
        return new TrialPage(ordered.Count, offset, limit, ordered.Skip(offset).Take(limit).ToList());
    }

    private static int Compare(IComparable? a, IComparable? b) => a is null || b is null ? 0 : a.CompareTo(b);

    private static Func<TrialRow, IComparable?> SortKey(SweepState state, string sort)
    {
        switch (sort)
        {
            case "id": return r => r.Id;
            case "status": return r => r.Status;
            case "objective": return r => r.Objective;
            case "step": return r => r.Step;
            case "started": return r => r.Started;
            case "finished": return r => r.Finished;
        }
        if (SweepReads.Parameters(state).Contains(sort))
            return r => r.Params.TryGetValue(sort, out var v) ? v.IsNumeric ? v.AsDouble() : v.ToString() : null;
        if (SweepReads.Metrics(state).Contains(sort)) return r => r.Metrics.TryGetValue(sort, out var v) ? v : null;
        throw ProblemException.BadRequest($"sort must be id, status, objective, step, started, finished, a parameter or a metric, not '{sort}'");
    }
}
