using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Live;

/// <summary>One running trial as the live views show it: its varying parameters, latest step and objective, time running.</summary>
public sealed record RunningTrial(string Id, string Params, long? Step, double? Objective, TimeSpan Running)
{
    /// <summary>The running trials in planned order; <paramref name="now"/> from the view's clock.</summary>
    public static IReadOnlyList<RunningTrial> Of(SweepState state, DateTimeOffset now)
    {
        var names = ParamColumns.Of(state);
        var metric = state.Spec?.Objective.Metric;
        return state.RunningInOrder.Select(t =>
        {
            var last = t.Curve.LastOrDefault();
            // The latest report that carried the objective (reports are sparse: not every one has every metric).
            var objective = metric is null ? null
                : t.Curve.LastOrDefault(p => p.Metrics.ContainsKey(metric)) is { } p ? p.Metrics[metric] : (double?)null;
            var parameters = string.Join(" ", names.Where(t.Params.ContainsKey).Select(n => $"{n}={t.Params[n]}"));
            var running = t.StartedAt is { } s && now > s ? now - s : TimeSpan.Zero;
            return new RunningTrial(t.Id, parameters, last?.Step, objective, running);
        }).ToList();
    }

    /// <summary>One line: <c>t0001-s0 lr=0.001 · step 120 · val_acc=0.8123 · running 1:05</c>.</summary>
    public string Line(string? metric) =>
        $"{Id}{(Params.Length > 0 ? " " + Params : "")} · step {(Step is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}" +
        $" · {metric ?? "objective"}={SweepProgress.Format(Objective)} · running {SweepProgress.Format(Running)}";
}
