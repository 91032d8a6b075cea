using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>Reads the <c>search</c> block: algorithm, seeds, budget and the space of dotted parameter names.</summary>
internal static class SearchReader
{
    private static readonly string[] Keys = ["algorithm", "seed", "max_trials", "max_concurrent", "seeds", "space", "tpe"];
    private static readonly string[] AlgorithmsNotYet = new[] { "sobol", "tpe" }.Except(Samplers.Names).ToArray();
    private static readonly string[] Distributions = ["uniform", "loguniform", "int", "choice"];

    public static SearchSpec? Read(YMapping? map, Position sweepAt, SpecNodes nodes, TrialSpec? trial)
    {
        if (map is null) return new SearchSpec("grid", 0, null, null, null, []);
        var before = nodes.Problems.Count;
        nodes.CheckKeys(map, "search", Keys);

        var algorithm = nodes.String(map["algorithm"], "search.algorithm") ?? "grid";
        if (AlgorithmsNotYet.Contains(algorithm))
            nodes.Add(map["algorithm"]!.At, $"search algorithm '{algorithm}' is not supported yet");
        else if (Samplers.Find(algorithm) is null)
            nodes.Add(map["algorithm"]!.At, $"search.algorithm must be {OneOf(Samplers.Names.ToList())}, not '{algorithm}'");

        var seed = nodes.Integer(map["seed"], "search.seed", 0) ?? 0;
        var maxTrials = nodes.Integer(map["max_trials"], "search.max_trials", 1);
        var maxConcurrent = nodes.Integer(map["max_concurrent"], "search.max_concurrent", 1);
        var seeds = ReadSeeds(map["seeds"], nodes);
        var tpe = TpeReader.Read(map["tpe"], algorithm, nodes);
        if (Samplers.Find(algorithm) is { } sampler && sampler.Size(new SearchSpec(algorithm, 0, null, null, null, [])) is null && map["max_trials"] is null)
            nodes.Add(map.At, $"{algorithm} search needs search.max_trials");

        var space = new List<Dimension>();
        var whens = new Dictionary<string, YMapping>();
        var spaceMap = nodes.Mapping(map["space"], "search.space");
        if (spaceMap is not null)
        {
            nodes.CheckKeys(spaceMap, "search.space", null);
            foreach (var entry in spaceMap.Entries.DistinctBy(e => e.Key.Text))
            {
                var dim = ReadDimension(entry.Key, entry.Value, nodes, algorithm == "grid");
                if (dim is not null && entry.Value is YMapping m && m[ConditionReader.Key] is { } when)
                {
                    var condition = ConditionReader.Read(entry.Key.Text, when, nodes);
                    dim = condition is null ? null : dim with { When = condition };
                    if (when is YMapping w) whens[entry.Key.Text] = w;
                }
                if (dim is not null) space.Add(dim);
                CheckName(entry.Key, entry.Value, nodes, trial);
            }
        }
        ConditionReader.Check(space, whens, nodes);
        if (nodes.Problems.Count > before) return null;
        var candidate = new SearchSpec(algorithm, seed, null, null, seeds, space);
        if (algorithm == "grid" && ActiveConfig.IsConditional(candidate) && GridSampler.ProductSize(candidate) > GridSampler.MaxConditionalProduct)
        {
            nodes.Add(map.At, $"a grid with conditional parameters may have at most {GridSampler.MaxConditionalProduct} points before conditions; use random, sobol or tpe");
            return null;
        }
        var planned = algorithm == "grid" ? (Int128)GridSampler.Size(candidate) * (seeds?.Count ?? 1) : 0;
        if (maxTrials is null && planned > TrialPlanner.MaxPlannedTrials)
        {
            nodes.Add(map.At, $"the grid has {planned} trials; set search.max_trials (at most {TrialPlanner.MaxPlannedTrials} are planned)");
            return null;
        }
        int? trialBudget = maxTrials is null ? null : (int)Math.Min(maxTrials.Value, 1_000_000);
        int? concurrency = maxConcurrent is null ? null : (int)Math.Min(maxConcurrent.Value, 100_000);
        return new SearchSpec(algorithm, seed, trialBudget, concurrency, seeds, space, tpe);
    }

    private static string OneOf(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];

    private static void CheckName(YScalar key, YNode value, SpecNodes nodes, TrialSpec? trial)
    {
        if (TrialKinds.RunnerKeys.Contains(key.Text.Split('.')[0]))
            nodes.Add(key.At, $"'{key.Text}' configures the runner and cannot be searched");
        else if (trial is not null && TrialKinds.Find(trial.Kind)?.Params is { } known && !known.Contains(key.Text))
            nodes.Add(key.At, $"unknown parameter '{key.Text}' for kind '{trial.Kind}'{SpecNodes.Suggest(key.Text, known)}");
    }

    private static IReadOnlyList<long>? ReadSeeds(YNode? node, SpecNodes nodes)
    {
        if (node is null) return null;
        if (node is not YSequence seq || seq.Items.Count == 0)
        {
            nodes.Add(node.At, "search.seeds must be a non-empty list of integers");
            return null;
        }
        var seeds = new List<long>();
        foreach (var item in seq.Items)
        {
            var v = nodes.Integer(item, "each seed", 0);
            if (v is null) continue;
            if (seeds.Contains(v.Value)) nodes.Add(item.At, $"duplicate seed {v}");
            else seeds.Add(v.Value);
        }
        return seeds;
    }

    private static Dimension? ReadDimension(YScalar key, YNode node, SpecNodes nodes, bool grid)
    {
        var name = key.Text;
        switch (node)
        {
            case YScalar { IsNull: true }:
                nodes.Add(node.At, $"'{name}' has no value");
                return null;
            case YScalar s when s.ToParamValue() is { Kind: ParamKind.Number } v && !double.IsFinite(v.Number):
                nodes.Add(s.At, $"'{name}' must be a finite number");
                return null;
            case YScalar s:
                return new FixedDimension(name, s.ToParamValue());
            case YSequence seq:
                var values = ScalarList(seq, name, nodes);
                return values is null ? null : new ListDimension(name, values);
            case YMapping m when m[ConditionReader.Key] is not null:
                return ReadDimension(key, ConditionReader.Body(m), nodes, grid);
            case YMapping m when m.Entries.Count == 1 && Distributions.Contains(m.Entries[0].Key.Text):
                var kind = m.Entries[0].Key.Text;
                if (grid)
                {
                    nodes.Add(m.Entries[0].Key.At, $"'{name}' is a {kind} distribution; grid search takes lists and fixed values only");
                    return null;
                }
                return ReadDistribution(name, kind, m.Entries[0].Value, nodes);
            case YMapping m:
                var first = m.Entries.FirstOrDefault();
                nodes.Add(first?.Key.At ?? m.At,
                    $"'{name}' must be a value, a list, or one of {{uniform|loguniform|int|choice: [...]}}" +
                    (first is null ? "" : SpecNodes.Suggest(first.Key.Text, Distributions)));
                return null;
        }
        return null;
    }

    private static Dimension? ReadDistribution(string name, string kind, YNode args, SpecNodes nodes)
    {
        if (kind == "choice")
        {
            var values = args is YSequence seq ? ScalarList(seq, name, nodes) : null;
            if (args is not YSequence) nodes.Add(args.At, $"'{name}': choice takes a list of values");
            return values is null ? null : new ChoiceDimension(name, values);
        }
        if (args is not YSequence { Items.Count: 2 } bounds)
        {
            nodes.Add(args.At, $"'{name}': {kind} takes two bounds [low, high]");
            return null;
        }
        if (kind == "int")
        {
            var lo = nodes.Integer(bounds.Items[0], $"'{name}': int bound");
            var hi = nodes.Integer(bounds.Items[1], $"'{name}': int bound");
            if (lo is null || hi is null) return null;
            if (lo > hi) { nodes.Add(bounds.At, $"'{name}': empty range [{lo}, {hi}] (low is above high)"); return null; }
            return new IntDimension(name, lo.Value, hi.Value);
        }
        var low = nodes.Number(bounds.Items[0], $"'{name}': {kind} bound");
        var high = nodes.Number(bounds.Items[1], $"'{name}': {kind} bound");
        if (low is null || high is null) return null;
        if (low >= high)
        {
            nodes.Add(bounds.At, $"'{name}': {(low == high ? "empty" : "inverted")} range [{Fmt(low)}, {Fmt(high)}] (low must be below high)");
            return null;
        }
        if (kind == "loguniform" && low <= 0)
        {
            nodes.Add(bounds.Items[0].At, $"'{name}': loguniform bounds must be positive, not {Fmt(low)}");
            return null;
        }
        return kind == "uniform" ? new UniformDimension(name, low.Value, high.Value) : new LogUniformDimension(name, low.Value, high.Value);
    }

    private static string Fmt(double? d) => ParamValue.FormatNumber(d ?? double.NaN);

    private static IReadOnlyList<ParamValue>? ScalarList(YSequence seq, string name, SpecNodes nodes)
    {
        if (seq.Items.Count == 0)
        {
            nodes.Add(seq.At, $"'{name}' is an empty list");
            return null;
        }
        var values = new List<ParamValue>();
        var ok = true;
        foreach (var item in seq.Items)
        {
            if (item is YScalar { IsNull: false } s)
            {
                var v = s.ToParamValue();
                if (v.Kind == ParamKind.Number && !double.IsFinite(v.Number)) { nodes.Add(item.At, $"'{name}' must be a finite number"); ok = false; }
                else if (values.Contains(v)) { nodes.Add(item.At, $"'{name}' lists {v} twice"); ok = false; }
                else values.Add(v);
            }
            else { nodes.Add(item.At, $"'{name}': list items must be plain values"); ok = false; }
        }
        return ok ? values : null;
    }
}
