using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>The Dockerfile, deploy/compose.yaml and deploy/k8s/*.yaml of the repository, parsed (YamlDotNet, every document).</summary>
public static class DeployFiles
{
    /// <summary>The configuration the tests were built in (the CLI was built with them): packed and published without building again.</summary>
    public static string BuiltConfiguration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string Root { get; } = FindRoot();

    public static string Dockerfile => File.ReadAllText(Path.Combine(Root, "Dockerfile"));

    public static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    public static YamlMappingNode Compose => Documents(Path.Combine(Root, "deploy", "compose.yaml")).Single();

    public static IReadOnlyList<string> ManifestFiles =>
        Directory.GetFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml").Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<YamlMappingNode> Manifests => ManifestFiles.SelectMany(Documents).ToList();

    public static IReadOnlyList<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    /// <summary>A compose service with its <c>&lt;&lt;: *anchor</c> merge keys applied (the service's own keys win).</summary>
    public static YamlMappingNode Service(string name)
    {
        var service = (YamlMappingNode)((YamlMappingNode)Compose["services"])[name];
        var merged = new YamlMappingNode();
        foreach (var (key, value) in service.Children)
        {
            if (key.ToString() != "<<") continue;
            foreach (var (k, v) in ((YamlMappingNode)value).Children) merged.Children[k] = v;
        }
        foreach (var (key, value) in service.Children)
            if (key.ToString() != "<<") merged.Children[key] = value;
        return merged;
    }

    public static IReadOnlyDictionary<string, string> ComposeEnvironment(YamlMappingNode service) =>
        service.Children.TryGetValue("environment", out var env)
            ? ((YamlMappingNode)env).Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString())
            : new Dictionary<string, string>();

    public static IEnumerable<string> Strings(YamlNode node) => node switch
    {
        YamlScalarNode s => [s.Value ?? ""],
        YamlSequenceNode q => q.Children.Select(c => c.ToString()),
        _ => [],
    };

    /// <summary>The containers of every workload (Deployment, StatefulSet, Job) among the manifests, with the kind and name that hold them.</summary>
    public static IEnumerable<(string Workload, YamlMappingNode Container)> Containers() =>
        from doc in Manifests
        where doc.Children.ContainsKey("spec") && ((YamlMappingNode)doc["spec"]).Children.ContainsKey("template")
        let pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)doc["spec"])["template"])["spec"]
        from YamlMappingNode c in (YamlSequenceNode)pod["containers"]
        select ($"{doc["kind"]}/{((YamlMappingNode)doc["metadata"])["name"]}", c);

    public static IReadOnlyDictionary<string, string?> ContainerEnvironment(YamlMappingNode container) =>
        container.Children.TryGetValue("env", out var env)
            ? ((YamlSequenceNode)env).Children.Cast<YamlMappingNode>().ToDictionary(e => e["name"].ToString(),
                e => e.Children.TryGetValue("value", out var v) ? v.ToString() : null)
            : new Dictionary<string, string?>();

    /// <summary>The ENV names the Dockerfile sets (in <c>ENV A=1 \ B=2</c> form) and its other instructions' arguments.</summary>
    public static IReadOnlyDictionary<string, string> DockerfileEnvironment()
    {
        var joined = Regex.Replace(Dockerfile, @"\\\r?\n\s*", " ");
        return joined.Split('\n').Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(l => Regex.Matches(l[4..], @"(\w+)=(\S+)").Select(m => (m.Groups[1].Value, m.Groups[2].Value)))
            .ToDictionary(p => p.Item1, p => p.Item2);
    }

    public static string DockerfileInstruction(string name) =>
        Regex.Replace(Dockerfile, @"\\\r?\n\s*", " ").Split('\n').Last(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CoToSweep.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (CoToSweep.sln) is not above the test's directory");
    }
}
