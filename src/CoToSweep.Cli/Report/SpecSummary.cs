using System.Globalization;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;

namespace CoToSweep.Cli.Report;

/// <summary>The head of <c>report.md</c>: what the sweep is (kind, task, search, seeds, objective, analyses) and how far it got.</summary>
internal static class SpecSummary
{
    public static IEnumerable<string> Lines(SweepState state)
    {
        var spec = state.Spec!;
        yield return $"- **Kind**: `{spec.Trial.Kind}`";
        yield return $"- **Task**: {Task(spec)}";
        var s = spec.Search;
        var budget = s.MaxTrials is { } max ? $", at most {max} trials" : "";
        var concurrent = s.MaxConcurrent is { } c ? $", {c} at once" : "";
        yield return $"- **Search**: {s.Algorithm} (sampler seed {s.Seed}{budget}{concurrent})";
        foreach (var d in s.Space) yield return $"  - `{d.Name}`: {Describe(d)}";
        yield return $"- **Seeds**: {(s.Seeds is { Count: > 0 } seeds ? string.Join(", ", seeds) : "one per configuration, derived from the sampler seed")}";
        var o = spec.Objective;
        yield return $"- **Objective**: {o.Direction.ToString().ToLowerInvariant()} `{o.Metric}` ({(o.Use == MetricUse.Best ? "best" : "last")} reported value)";
        if (Analyses(spec.Analysis) is { Count: > 0 } analyses) yield return $"- **Analyses**: {string.Join(", ", analyses)}";
        yield return $"- **State**: {state.Phase.ToString().ToLowerInvariant()}{(state.Updated is { } u ? $", last event {u.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC" : "")}";
        yield return "- **Trials**: " + string.Join(", ", Enum.GetValues<TrialStatus>().Select(st => $"{state.Count(st)} {st.ToString().ToLowerInvariant()}")) +
                     $" of {state.Trials.Count} in {state.Trials.Values.Select(t => t.Config).Distinct().Count()} configurations";
        if (state.Analyses.Count > 0)
            yield return "- **Analyses run**: " + string.Join(", ", Enum.GetValues<AnalysisStatus>().Select(st =>
                $"{state.Analyses.Values.Count(a => a.Status == st)} {st.ToString().ToLowerInvariant()}")) + $" of {state.Analyses.Count}";
        if (state.Best is { } best)
            yield return $"- **Best trial**: {best.Id} ({SweepFacts.ObjectiveName(o)} = {ParamValue.FormatNumber(best.Objective!.Value)}; " +
                         string.Join(", ", SweepFacts.VaryingParams(state).Where(best.Params.ContainsKey).Select(p => $"{p}={best.Params[p]}")) + ")";
    }

    private static string Task(SweepSpec spec)
    {
        if (spec.Search.Space.Any(d => d.Name == "task")) return "swept (see the search space)";
        if (spec.Trial.Params.TryGetValue("task", out var task)) return $"`{task}`";
        return spec.Trial.Kind == CotoKind.Name ? $"`{CotoKind.Defaults["task"]}` (default)" : "none (the trial's own)";
    }

    private static List<string> Analyses(AnalysisSpec? a)
    {
        var names = new List<string>();
        if (a?.Shapley is { } s) names.Add($"shapley ({s.Method}, on {s.Metric})");
        if (a?.Merge is { } m) names.Add($"merge (across {m.Across})");
        if (a?.Prune is { } p) names.Add($"prune (orders {string.Join(", ", p.Orders)})");
        return names;
    }

    private static string Describe(Dimension d) => d switch
    {
        FixedDimension f => $"fixed {f.Value}",
        ListDimension l => $"[{string.Join(", ", l.Values)}]",
        ChoiceDimension c => $"choice of [{string.Join(", ", c.Values)}]",
        UniformDimension u => $"uniform on [{ParamValue.FormatNumber(u.Low)}, {ParamValue.FormatNumber(u.High)}]",
        LogUniformDimension u => $"log-uniform on [{ParamValue.FormatNumber(u.Low)}, {ParamValue.FormatNumber(u.High)}]",
        IntDimension i => $"integers {i.Low}…{i.High}",
        _ => d.GetType().Name,
    };
}
