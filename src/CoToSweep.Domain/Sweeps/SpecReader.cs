using System.Text.RegularExpressions;
using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// Reads and validates a sweep file. Every problem is collected with its position, so one run of
/// <c>validate</c> reports all of them; a spec is returned only when there are none.
/// </summary>
public static partial class SpecReader
{
    private static readonly string[] TopKeys =
        ["name", "description", "trial", "objective", "objectives", "search", "resources", "retries", "max_attempts", "timeout", "analysis", "early_stopping"];
    private static readonly string[] TopNotYet = [];
    private static readonly string[] ObjectiveKeys = ["metric", "direction", "use"];
    private static readonly string[] ResourceKeys = ["gpus", "cpus"];
    private const double MaxTimeoutSeconds = 49 * 86400;

    private static readonly Dictionary<string, Direction> Directions = new()
    {
        ["maximize"] = Direction.Maximize, ["minimize"] = Direction.Minimize,
    };
    private static readonly Dictionary<string, MetricUse> Uses = new() { ["last"] = MetricUse.Last, ["best"] = MetricUse.Best };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    public static SweepDefinition Parse(string text, string? baseDirectory = null)
    {
        var problems = new List<SpecProblem>();
        var root = YamlTreeReader.Read(text, out var syntax);
        if (syntax is not null) return SweepDefinition.Invalid([syntax]);
        var nodes = new SpecNodes(problems);
        if (root is null)
        {
            nodes.Add(new Position(1, 1), "the sweep file is empty");
            return SweepDefinition.Invalid(problems);
        }
        var top = nodes.Mapping(root, "a sweep file");
        if (top is null) return SweepDefinition.Invalid(problems);

        nodes.CheckKeys(top, "the sweep", TopKeys.Concat(TopNotYet).ToArray(), TopNotYet);
        var name = nodes.String(top["name"], "name", required: true, parent: top.At);
        if (name is not null && !NamePattern().IsMatch(name))
            nodes.Add(top["name"]!.At, $"name '{name}' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        var description = nodes.String(top["description"], "description");

        var trialNode = top["trial"];
        if (trialNode is null) nodes.Add(top.At, "trial is required");
        var trialMap = nodes.Mapping(trialNode, "trial");
        var trial = trialMap is null ? null : TrialReader.Read(trialMap, nodes);

        var objectives = ReadObjectives(top, nodes, trial);
        var objective = top["objectives"] is not null ? objectives?[0] : ReadObjective(top, nodes, trial);
        var searchMap = nodes.Mapping(top["search"], "search");
        var search = top["search"] is not null && searchMap is null ? null : SearchReader.Read(searchMap, top.At, nodes, trial);
        var resources = ReadResources(nodes.Mapping(top["resources"], "resources"), nodes);
        var retries = nodes.Integer(top["retries"], "retries", 0) ?? 0;
        var maxAttempts = nodes.Integer(top["max_attempts"], "max_attempts", 1) ?? SweepSpec.DefaultMaxAttempts;
        var timeout = ReadTimeout(top["timeout"], nodes);
        // The kind as written, so that an analysis the kind cannot do is reported even when the trial block has other problems.
        var analysis = AnalysisReader.Read(top["analysis"], nodes, trial?.Kind ?? (trialMap?["kind"] as YScalar)?.Text);
        var stopping = EarlyStoppingReader.Read(top["early_stopping"], nodes);

        if (trial is not null && search is not null && trialMap?["command"] is YSequence argv)
            CheckPlaceholders(argv, trial, search, nodes);

        if (problems.Count > 0 || name is null || trial is null || objective is null || search is null)
            return SweepDefinition.Invalid(problems);
        var spec = new SweepSpec(name, description, trial, objective, search, resources,
            (int)Math.Min(retries, 1000), (int)Math.Min(maxAttempts, 1000), timeout, analysis, stopping, objectives is { Count: > 1 } ? objectives : null);
        CheckValues(spec, top.Entries.First(e => e.Key.Text == "trial").Key.At, nodes);
        if (spec.Analysis?.Merge is { } merge && MergeReader.CheckGroups(merge, spec, Search.TrialPlanner.Enumerate(spec).Take(10_000).ToList()) is { } refusal)
            nodes.Add(AnalysisLists.KeyAt((YMapping)top["analysis"]!, "merge"), refusal);
        return problems.Count > 0 ? SweepDefinition.Invalid(problems) : SweepDefinition.Valid(spec, root, text, baseDirectory);
    }

    /// <summary>
    /// The kind's own value checks and the analyses' checks of its adapter groups, on the trials the file plans (the
    /// first problem of each distinct kind).
    /// </summary>
    private static void CheckValues(SweepSpec spec, Position trialKey, SpecNodes nodes)
    {
        var kind = TrialKinds.Find(spec.Trial.Kind);
        var shapley = spec.Analysis?.Shapley;
        if (kind?.CheckValues is null && (shapley is null || kind?.Groups is null)) return;
        var seen = new HashSet<string>();
        foreach (var t in Search.TrialPlanner.Enumerate(spec).Take(10_000))
        {
            var problem = kind!.CheckValues?.Invoke(t.Params);
            if (problem is null && shapley is not null && kind.Groups is { } groups) problem = AnalysisReader.CheckGroups(shapley, groups(t.Params));
            if (problem is not null && seen.Add(problem)) nodes.Add(trialKey, $"trial {t.Id}: {problem}");
        }
    }

    private static void CheckPlaceholders(YSequence argv, TrialSpec trial, SearchSpec search, SpecNodes nodes)
    {
        var known = trial.Params.Keys.Concat(search.Space.Select(d => d.Name)).Concat(CommandTemplate.BuiltIns).ToHashSet();
        foreach (var item in argv.Items.OfType<YScalar>())
            foreach (var placeholder in CommandTemplate.Placeholders(item.Text).Where(p => !known.Contains(p)))
                nodes.Add(item.At, $"trial.command uses '{{{placeholder}}}', which is no parameter{SpecNodes.Suggest(placeholder, known)}");
    }

    private static ObjectiveSpec? ReadObjective(YMapping top, SpecNodes nodes, TrialSpec? trial)
    {
        var node = top["objective"];
        if (node is null)
        {
            nodes.Add(top.At, "objective is required (objective: { metric: NAME, direction: maximize|minimize })");
            return null;
        }
        return ReadOneObjective(nodes.Mapping(node, "objective"), "objective", nodes, trial);
    }

    /// <summary><c>objectives: [{ metric, direction }, …]</c>: several objectives (a Pareto front); the first ranks the boards.</summary>
    private static IReadOnlyList<ObjectiveSpec>? ReadObjectives(YMapping top, SpecNodes nodes, TrialSpec? trial)
    {
        if (top["objectives"] is not { } node) return null;
        if (top["objective"] is not null)
        {
            nodes.Add(node.At, "give objective or objectives, not both");
            return null;
        }
        if (node is not YSequence { Items.Count: > 0 } seq)
        {
            nodes.Add(node.At, "objectives must be a non-empty list of { metric, direction }");
            return null;
        }
        var objectives = new List<ObjectiveSpec>();
        foreach (var item in seq.Items)
        {
            var o = ReadOneObjective(nodes.Mapping(item, "each objective"), "objectives[]", nodes, trial);
            if (o is null) continue;
            if (objectives.Any(x => x.Metric == o.Metric)) nodes.Add(item.At, $"objective metric '{o.Metric}' is listed twice");
            else objectives.Add(o);
        }
        return objectives.Count == seq.Items.Count ? objectives : null;
    }

    private static ObjectiveSpec? ReadOneObjective(YMapping? map, string what, SpecNodes nodes, TrialSpec? trial)
    {
        if (map is null) return null;
        nodes.CheckKeys(map, what, ObjectiveKeys);
        var metric = nodes.String(map["metric"], $"{what}.metric", required: true, parent: map.At);
        var direction = nodes.Enum(map["direction"], $"{what}.direction", Directions);
        if (map["direction"] is null or YScalar { IsNull: true })
            nodes.Add(map["direction"]?.At ?? map.At, $"{what}.direction is required (maximize or minimize)");
        var use = nodes.Enum(map["use"], $"{what}.use", Uses) ?? MetricUse.Last;
        if (metric is not null && trial is not null && TrialKinds.Find(trial.Kind)?.Metrics is { } produced && !produced.Contains(metric))
            nodes.Add(map["metric"]!.At,
                $"objective metric '{metric}' is never produced by kind '{trial.Kind}' (it reports {string.Join(", ", produced.Order())})");
        return metric is null || direction is null ? null : new ObjectiveSpec(metric, direction.Value, use);
    }

    private static ResourceSpec ReadResources(YMapping? map, SpecNodes nodes)
    {
        if (map is null) return ResourceSpec.Default;
        nodes.CheckKeys(map, "resources", ResourceKeys);
        var gpus = nodes.Integer(map["gpus"], "resources.gpus", 0) ?? 0;
        var cpus = nodes.Integer(map["cpus"], "resources.cpus", 1) ?? 1;
        return new ResourceSpec((int)Math.Min(gpus, 64), (int)Math.Min(cpus, 1024));
    }

    private static double? ReadTimeout(YNode? node, SpecNodes nodes)
    {
        if (node is null) return null;
        if (node is YScalar s && Duration.TryParseSeconds(s.Text, out var seconds))
        {
            if (seconds <= MaxTimeoutSeconds) return seconds;
            // A runner's timer (CancellationTokenSource.CancelAfter) cannot wait longer than about 49.7 days.
            nodes.Add(node.At, "timeout must be at most 49d");
            return null;
        }
        nodes.Add(node.At, "timeout must be a positive duration such as 90s, 30m or 2h");
        return null;
    }
}
