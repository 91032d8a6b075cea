using System.Text.RegularExpressions;
using CoToSweep.Actors.Cluster;
using CoToSweep.Cli.Commands;
using CoToSweep.Cli.Health;
using YamlDotNet.RepresentationModel;
using static CoToSweep.EndToEnd.Tests.DeployFiles;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// The image, the compose file and the Kubernetes manifests parse, and agree with the code: environment variable names
/// (one list, <see cref="EnvironmentVariables.All"/>, also the README's table), ports, probe paths and image names.
/// </summary>
public sealed class DeployAgreementTests
{
    private static readonly HashSet<string> Known = EnvironmentVariables.All.Select(v => v.Name).ToHashSet();

    private static readonly string[] Services = ["coordinator", "worker", "gpu-worker", "cli"];

    [Fact]
    public void The_compose_file_and_every_manifest_parse()
    {
        Assert.Equal(["cli", "coordinator", "gpu-worker", "postgres", "worker"],
            ((YamlMappingNode)Compose["services"]).Children.Keys.Select(k => k.ToString()).Order());
        Assert.Equal(["artifacts.yaml", "coordinator.yaml", "kustomization.yaml", "namespace.yaml", "postgres.yaml", "secrets.example.yaml",
            "submit-job.yaml", "worker.yaml"], ManifestFiles.Select(Path.GetFileName));
        Assert.All(Manifests, m => Assert.True(m.Children.ContainsKey("apiVersion") && m.Children.ContainsKey("kind"), m.ToString()));
        Assert.Contains(Manifests, m => m["kind"].ToString() == "StatefulSet" && ((YamlMappingNode)m["metadata"])["name"].ToString() == "cotosweep-coordinator");
        Assert.Contains(Manifests, m => m["kind"].ToString() == "Deployment" && ((YamlMappingNode)m["metadata"])["name"].ToString() == "cotosweep-worker");
    }

    [Fact]
    public void Every_environment_variable_is_one_the_code_reads_and_the_README_table_lists_exactly_those()
    {
        var used = DockerfileEnvironment().Keys
            .Concat(Services.SelectMany(s => ComposeEnvironment(Service(s)).Keys))
            .Concat(Containers().SelectMany(c => ContainerEnvironment(c.Container).Keys))
            .Where(n => n.StartsWith("COTOSWEEP_", StringComparison.Ordinal)).ToHashSet();
        Assert.Empty(used.Except(Known));
        var table = Regex.Matches(Readme, @"^\| `(COTOSWEEP_[A-Z_]+)` \| `(--[a-z-]+)` \|", RegexOptions.Multiline)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        Assert.Equal(EnvironmentVariables.All.Select(v => (v.Name, v.Option)), table);
        foreach (var v in EnvironmentVariables.All.Where(v => v.Verbs != "every verb with --state"))
            Assert.Contains($"{v.Option} <", Help(v.Verbs.Split(", ")[0]));
    }

    private static string Help(string verb) => Cli.RunAsync(Root, verb, "--help").GetAwaiter().GetResult().Stdout;

    [Fact]
    public void Ports_probe_paths_and_images_agree_with_the_code()
    {
        var image = DockerfileEnvironment();
        Assert.Equal(HealthEndpoint.DefaultPort.ToString(), image["COTOSWEEP_HEALTH_PORT"]);
        Assert.Equal("auto", image["COTOSWEEP_HOST"]);
        Assert.Equal([ClusterNodeSettings.DefaultCoordinatorPort.ToString(), HealthEndpoint.DefaultPort.ToString()],
            DockerfileInstruction("EXPOSE").Split(' '));
        Assert.Contains("CMD [\"/app/cotosweep\", \"health\"]", DockerfileInstruction("HEALTHCHECK"));
        Assert.Equal("[\"/usr/bin/tini\", \"--\", \"/app/cotosweep\"]", DockerfileInstruction("ENTRYPOINT"));
        Assert.Contains("-p:TorchBackend=${VARIANT}", Dockerfile);
        Assert.Contains("FROM runtime-${VARIANT} AS final", Dockerfile);

        // compose: the coordinator listens where the workers and the cli join
        var coordinatorPort = ClusterNodeSettings.DefaultCoordinatorPort.ToString();
        Assert.Equal(coordinatorPort, ComposeEnvironment(Service("coordinator"))["COTOSWEEP_PORT"]);
        foreach (var s in new[] { "worker", "gpu-worker" })
            Assert.Equal($"coordinator:{coordinatorPort}", ComposeEnvironment(Service(s))["COTOSWEEP_JOIN"]);
        Assert.Equal($"coordinator:{coordinatorPort}", ComposeEnvironment(Service("cli"))["COTOSWEEP_COORDINATOR"]);
        Assert.Equal("coordinator", ComposeEnvironment(Service("coordinator"))["COTOSWEEP_HOST"]);
        foreach (var s in Services)
            Assert.Matches(@"^\$\{COTOSWEEP_(CUDA_)?IMAGE:-cotosweep:(latest|cuda)\}$", Service(s)["image"].ToString());
        var gpu = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Service("gpu-worker")["deploy"])["resources"])["reservations"];
        Assert.Contains("gpu", gpu.ToString());

        // k8s: probes on the health port and paths, cluster ports as configured, seeds at the coordinator's port
        foreach (var (workload, c) in Containers().Where(c => c.Container["image"].ToString().StartsWith("cotosweep:", StringComparison.Ordinal)))
        {
            var env = ContainerEnvironment(c);
            Assert.Matches("^cotosweep:(latest|cuda)$", c["image"].ToString());
            if (workload.StartsWith("Job/", StringComparison.Ordinal)) continue;
            var ports = ((YamlSequenceNode)c["ports"]).Cast<YamlMappingNode>().ToDictionary(p => p["name"].ToString(), p => p["containerPort"].ToString());
            Assert.Equal(HealthEndpoint.DefaultPort.ToString(), ports["health"]);
            Assert.Equal(env["COTOSWEEP_HEALTH_PORT"], ports["health"]);
            Assert.Equal(env["COTOSWEEP_PORT"], ports["cluster"]);
            Assert.Equal(HealthEndpoint.ReadyPath, ((YamlMappingNode)((YamlMappingNode)c["readinessProbe"])["httpGet"])["path"].ToString());
            Assert.Equal(HealthEndpoint.LivePath, ((YamlMappingNode)((YamlMappingNode)c["livenessProbe"])["httpGet"])["path"].ToString());
            Assert.Equal("health", ((YamlMappingNode)((YamlMappingNode)c["readinessProbe"])["httpGet"])["port"].ToString());
            Assert.All(env["COTOSWEEP_JOIN"]!.Split(','), j => Assert.EndsWith($":{coordinatorPort}", j));
            Assert.Equal("/etc/cotosweep/tls/cluster.pfx", env["COTOSWEEP_TLS_CERT"]);
        }
        var worker = Containers().Single(c => c.Workload == "Deployment/cotosweep-worker").Container;
        Assert.Equal("1", ((YamlMappingNode)((YamlMappingNode)worker["resources"])["limits"])["nvidia.com/gpu"].ToString());
        Assert.Equal("cotosweep:cuda", worker["image"].ToString());
        var coordinator = Containers().Single(c => c.Workload == "StatefulSet/cotosweep-coordinator").Container;
        Assert.Equal(coordinatorPort, ContainerEnvironment(coordinator)["COTOSWEEP_PORT"]);
    }
}
