using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>Reads the <c>trial</c> block: the kind, runner settings, and the remaining keys as dotted parameters.</summary>
internal static class TrialReader
{
    public static TrialSpec? Read(YMapping map, SpecNodes nodes)
    {
        var before = nodes.Problems.Count;
        var kindName = nodes.String(map["kind"], "trial.kind", required: true, parent: map.At);
        var kind = kindName is null ? null : TrialKinds.Find(kindName);
        if (kindName is not null && kind is null)
            nodes.Add(map["kind"]!.At,
                $"unknown trial kind '{kindName}' (one of {string.Join(", ", TrialKinds.All.Select(k => k.Name))}){SpecNodes.Suggest(kindName, TrialKinds.All.Select(k => k.Name))}");
        else if (kind is { Supported: false })
            nodes.Add(map["kind"]!.At, $"trial kind '{kind.Name}' is not supported yet");

        nodes.CheckKeys(map, "trial", null);
        var command = ReadCommand(map, nodes, kind);
        var workdir = nodes.String(map["workdir"], "trial.workdir");
        var env = ReadEnv(map["env"], nodes);

        var parameters = new Dictionary<string, ParamValue>();
        foreach (var entry in map.Entries.Where(e => !TrialKinds.RunnerKeys.Contains(e.Key.Text)))
            Flatten(entry.Key.Text, entry.Value, parameters, nodes);
        if (kind?.Params is { } known)
            foreach (var entry in map.Entries.Where(e => !TrialKinds.RunnerKeys.Contains(e.Key.Text)))
                CheckParam(entry.Key, entry.Value, known, nodes, kind.Name);

        if (nodes.Problems.Count > before || kind is null) return null;
        return new TrialSpec(kind.Name, command, workdir, env, parameters);
    }

    public static void CheckParam(YScalar key, YNode value, IReadOnlySet<string> known, SpecNodes nodes, string kind, string prefix = "")
    {
        var name = prefix + key.Text;
        if (known.Contains(name)) return;
        if (value is YMapping m && known.Any(k => k.StartsWith(name + ".", StringComparison.Ordinal)))
        {
            foreach (var e in m.Entries) CheckParam(e.Key, e.Value, known, nodes, kind, name + ".");
            return;
        }
        nodes.Add(key.At, $"unknown parameter '{name}' for kind '{kind}'{SpecNodes.Suggest(name, known)}");
    }

    private static IReadOnlyList<string> ReadCommand(YMapping map, SpecNodes nodes, TrialKind? kind)
    {
        var node = map["command"];
        if (kind is null) return [];
        if (kind != TrialKinds.Command)
        {
            if (node is not null) nodes.Add(node.At, $"trial.command is only for kind 'command', not '{kind.Name}'");
            return [];
        }
        if (node is null)
        {
            nodes.Add(map.At, "trial.command is required for kind 'command' (a list such as [python, train.py, --lr, \"{lr}\"])");
            return [];
        }
        if (node is not YSequence seq)
        {
            nodes.Add(node.At, "trial.command must be a list of arguments, the program first (e.g. [sh, -c, \"...\"])");
            return [];
        }
        var argv = new List<string>();
        foreach (var item in seq.Items)
        {
            if (item is YScalar { IsNull: false } s) argv.Add(s.Text);
            else nodes.Add(item.At, "each trial.command argument must be a string");
        }
        if (argv.Count == 0 || string.IsNullOrWhiteSpace(argv[0]))
            nodes.Add(node.At, "trial.command has no program");
        return argv;
    }

    private static IReadOnlyDictionary<string, string> ReadEnv(YNode? node, SpecNodes nodes)
    {
        var env = new Dictionary<string, string>();
        var map = nodes.Mapping(node, "trial.env");
        if (map is null) return env;
        nodes.CheckKeys(map, "trial.env", null);
        foreach (var e in map.Entries)
        {
            if (e.Value is YScalar { IsNull: false } s) env[e.Key.Text] = s.Text;
            else nodes.Add(e.Value.At, $"trial.env.{e.Key.Text} must be a string");
        }
        return env;
    }

    /// <summary>Nested mappings become dotted names; lists of scalars become comma-joined strings.</summary>
    private static void Flatten(string name, YNode node, Dictionary<string, ParamValue> into, SpecNodes nodes)
    {
        switch (node)
        {
            case YMapping m:
                nodes.CheckKeys(m, $"trial.{name}", null);
                foreach (var e in m.Entries) Flatten($"{name}.{e.Key.Text}", e.Value, into, nodes);
                break;
            case YSequence s when s.Items.All(i => i is YScalar { IsNull: false }):
                into[name] = ParamValue.Of(string.Join(",", s.Items.Cast<YScalar>().Select(i => i.Text)));
                break;
            case YSequence s:
                nodes.Add(s.At, $"trial.{name} must be a list of plain values");
                break;
            case YScalar { IsNull: true } n:
                nodes.Add(n.At, $"trial.{name} has no value");
                break;
            case YScalar scalar when scalar.ToParamValue() is { Kind: ParamKind.Number } v && !double.IsFinite(v.Number):
                nodes.Add(scalar.At, $"trial.{name} must be a finite number");
                break;
            case YScalar scalar:
                into[name] = scalar.ToParamValue();
                break;
        }
    }
}
