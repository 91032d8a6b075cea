using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoToSweep.Cli.Health;
using CoToSweep.Tests.Shared;
using Xunit.Abstractions;
using static CoToSweep.EndToEnd.Tests.DeployFiles;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// The published app (<c>dotnet publish</c>, as the Dockerfile does, of the CLI built with these tests) runs each role from the command line and
/// environment the image and the compose file give it: the image's entrypoint (tini) and ENV, each service's command
/// and environment, with only hosts, ports and paths mapped onto this machine (coordinator, postgres → 127.0.0.1;
/// 4053, 8558 → free ports; /var/lib/cotosweep, /artifacts, /sweeps → temp dirs). Needs PostgreSQL and tini: fails
/// without them, never skips.
/// </summary>
[Collection(nameof(ClusterFaultProcesses))]
public sealed class DeployRolesTests(ITestOutputHelper output) : ClusterProcessTest("e2e-deploy-")
{
    private readonly PostgresDatabase _database = PostgresServer.CreateDatabase();
    private readonly int _clusterPort = ClusterTests.FreePort(), _coordinatorHealth = ClusterTests.FreePort(), _workerHealth = ClusterTests.FreePort();

    private static readonly Lazy<string> App = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    private static string Publish()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cotosweep-published", Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("dotnet", ["publish", Path.Combine(Root, "src", "CoToSweep.Cli", "CoToSweep.Cli.csproj"), "-c", BuiltConfiguration,
            "--no-build", "-p:UseAppHost=true", "-o", dir]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        var log = p.StandardOutput.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed: {log.Result}{p.StandardError.ReadToEnd()}");
        return dir;
    }

    /// <summary><c>${VAR:-default}</c> as compose interpolates it with VAR unset; then hosts, ports and paths mapped here.</summary>
    private string Map(string value)
    {
        value = Regex.Replace(value, @"\$\{[A-Z_]+:-([^}]*)\}", "$1");
        if (value.StartsWith("Host=", StringComparison.Ordinal))
        {
            var journal = new Npgsql.NpgsqlConnectionStringBuilder(value);
            var test = new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString);
            Assert.Equal("postgres", journal.Host);
            journal.Host = test.Host;
            journal.Database = test.Database;
            journal.Timeout = 30;
            return journal.ConnectionString;
        }
        return value.Replace("coordinator:4053", $"127.0.0.1:{_clusterPort}") switch
        {
            "coordinator" => "127.0.0.1",
            "4053" => _clusterPort.ToString(),
            var v when v.StartsWith("/var/lib/cotosweep", StringComparison.Ordinal) || v.StartsWith("/artifacts", StringComparison.Ordinal)
                || v.StartsWith("/sweeps", StringComparison.Ordinal) => PathOf(v.TrimStart('/').Replace('/', '-')),
            var v => v,
        };
    }

    /// <summary>The image's entrypoint + the service's command, with the image's ENV and the service's environment.</summary>
    private Cli.Background Role(string service, int healthPort, params string[] extra)
    {
        var info = EntrypointInfo(service);
        foreach (var a in extra) info.ArgumentList.Add(a);
        Directory.CreateDirectory(PathOf("artifacts"));
        info.Environment["COTOSWEEP_HEALTH_PORT"] = healthPort.ToString();
        info.Environment["COTOSWEEP_STATE"] = PathOf($"state-{service}");   // each container has its own state volume
        return Start(info);
    }

    private ProcessStartInfo EntrypointInfo(string service, bool withCommand = true)
    {
        var entrypoint = JsonSerializer.Deserialize<string[]>(DockerfileInstruction("ENTRYPOINT"))!;
        Assert.Equal("/usr/bin/tini", entrypoint[0]);
        if (!File.Exists(entrypoint[0])) throw new InvalidOperationException("tini is required (apt-get install tini; .ci/run installs it)");
        var svc = Service(service);
        var workDir = svc.Children.TryGetValue("working_dir", out var w) ? Map(w.ToString()) : Dir.FullName;
        Directory.CreateDirectory(workDir);
        var info = new ProcessStartInfo(entrypoint[0]) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in entrypoint[1..]) info.ArgumentList.Add(a == "/app/cotosweep" ? Path.Combine(App.Value, "cotosweep") : a);
        if (withCommand && svc.Children.TryGetValue("command", out var command))
            foreach (var a in Strings(command)) info.ArgumentList.Add(a);
        foreach (var (name, value) in DockerfileEnvironment()) info.Environment[name] = Map(value);
        foreach (var (name, value) in ComposeEnvironment(svc)) info.Environment[name] = Map(value);
        return info;
    }

    /// <summary><c>docker compose run --rm SERVICE ARGS…</c>: the arguments replace the service's command.</summary>
    private async Task<Cli.Result> Once(string service, params string[] args)
    {
        var info = EntrypointInfo(service, withCommand: false);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return new Cli.Result(p.ExitCode, await stdout, await stderr);
    }

    private static async Task<int> Probe(int port, string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try { return (int)(await http.GetAsync($"http://127.0.0.1:{port}{path}")).StatusCode; }
        catch (HttpRequestException) { return 0; }
    }

    private static void Terminate(Process p) => Process.Start("kill", ["-TERM", p.Id.ToString()])!.WaitForExit();

    [Fact]
    public async Task The_published_app_runs_coordinator_worker_submit_and_status_from_the_compose_files_command_lines_and_environment()
    {
        var clock = Stopwatch.StartNew();
        _ = App.Value;
        output.WriteLine($"published in {clock.Elapsed.TotalSeconds:F0} s");
        var coordinator = Role("coordinator", _coordinatorHealth);
        await Explained(Cli.Until(() => Probe(_coordinatorHealth, HealthEndpoint.ReadyPath).Result == 200, "the coordinator to be ready", 90));
        Assert.Equal(200, await Probe(_coordinatorHealth, HealthEndpoint.LivePath));
        var worker = Role("worker", _workerHealth);
        await Explained(Cli.Until(() => Probe(_workerHealth, HealthEndpoint.ReadyPath).Result == 200, "the worker to be ready", 180));   // the first start loads libtorch; under a full suite's load it took over 90 s once

        // The image's HEALTHCHECK command, in the worker's environment
        var check = JsonSerializer.Deserialize<string[]>(Regex.Match(DockerfileInstruction("HEALTHCHECK"), @"CMD (\[.*\])").Groups[1].Value)!;
        var healthInfo = new ProcessStartInfo(Path.Combine(App.Value, "cotosweep")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in check[1..]) healthInfo.ArgumentList.Add(a);
        foreach (var (name, value) in DockerfileEnvironment()) healthInfo.Environment[name] = Map(value);
        healthInfo.Environment["COTOSWEEP_HEALTH_PORT"] = _workerHealth.ToString();
        using (var health = Process.Start(healthInfo)!)
        {
            await health.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, health.ExitCode);
        }

        // `docker compose run --rm cli submit quickstart.yaml`, then `… cli status --json`
        Directory.CreateDirectory(PathOf("sweeps"));
        File.WriteAllText(Path.Combine(PathOf("sweeps"), "tiny.yaml"), """
            name: deploy-tiny
            trial:
              kind: command
              command: [sh, -c, "echo \"cotosweep {\\\"val\\\": {x}}\""]
            objective: { metric: val, direction: maximize }
            search:
              space:
                x: [1, 2]
            """);
        var submitted = await Once("cli", "submit", "tiny.yaml");
        Assert.True(submitted.ExitCode == 0, submitted.Stderr + submitted.Stdout);
        Assert.StartsWith("deploy-tiny-", submitted.Stdout.Trim());
        await Explained(Cli.Until(() => Once("cli", "status", "--json").Result is { ExitCode: 0 } r
            && JsonDocument.Parse(r.Stdout).RootElement[0].GetProperty("trials").GetProperty("completed").GetInt32() == 2,
            "both trials to complete", 120));

        clock.Restart();
        Terminate(worker.Process);
        await worker.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Terminate(coordinator.Process);
        await coordinator.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"SIGTERM to worker and coordinator in turn: both gone in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(0, worker.Process.ExitCode);
        Assert.Equal(0, coordinator.Process.ExitCode);
        Assert.Contains("Worker node left the cluster", worker.Output);
        Assert.Contains("Coordinator node left the cluster and stopped (SIGTERM)", coordinator.Output);
    }

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}
