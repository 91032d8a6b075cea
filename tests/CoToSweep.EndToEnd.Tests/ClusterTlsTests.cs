using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// Node-to-node TLS on real processes: a coordinator and a worker that share a pinned certificate form a cluster and
/// run a sweep submitted over TLS; a worker without TLS and one with a different certificate never become members,
/// and the coordinator logs each refused handshake.
/// </summary>
[Collection(nameof(SweepProcesses))]
public sealed class ClusterTlsTests() : ClusterProcessTest("e2e-tls-")
{
    private const string Password = "e2e-secret";

    private const string Sweep = """
        name: tls-sweep
        trial:
          kind: command
          command: [sh, -c, "echo \"cotosweep {\\\"val\\\": {x}}\""]
        objective: { metric: val, direction: maximize }
        search:
          space:
            x: [1, 2, 3]
        """;

    /// <summary>A self-signed PKCS#12 certificate, as the README's openssl commands make one.</summary>
    private string Certificate(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=cotosweep-{name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = PathOf($"{name}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    private Cli.Background Worker(int coordinatorPort, int port, string name, params string[] extra) =>
        Start(["worker", "--join", $"127.0.0.1:{coordinatorPort}", "--host", "127.0.0.1", "--port", port.ToString(), "--cpu-slots", "1",
            "--state", PathOf(name), "--artifacts", PathOf("artifacts"), .. extra]);

    private int Completed()
    {
        var r = Cli.RunAsync(Dir.FullName, "leaderboard", "tls-sweep", "--state", PathOf("coord"), "--format", "json").GetAwaiter().GetResult();
        return r.ExitCode == 0 ? JsonSerializer.Deserialize<List<JsonElement>>(r.Stdout)!.Count(x => x.GetProperty("status").GetString() == "completed") : 0;
    }

    [Fact]
    public async Task Only_nodes_with_the_pinned_certificate_join_and_run_trials()
    {
        var cert = Certificate("cluster");
        var other = Certificate("intruder");
        string[] tls = ["--tls-cert", cert, "--tls-password", Password];
        var port = ClusterTests.FreePort();
        var coordinator = Start(["coordinator", "--host", "127.0.0.1", "--port", port.ToString(), "--state", PathOf("coord"), .. tls]);
        await Cli.Until(() => coordinator.Output.Contains("Coordinator node listening on akka.ssl.tcp://"), "the coordinator to listen with TLS");

        var (goodPort, plainPort, otherPort) = (ClusterTests.FreePort(), ClusterTests.FreePort(), ClusterTests.FreePort());
        var good = Worker(port, goodPort, "good", tls);
        var plain = Worker(port, plainPort, "plain");
        var impostor = Worker(port, otherPort, "impostor", "--tls-cert", other, "--tls-password", Password);
        // The leader (the lower address: the coordinator or the worker) logs moving the worker to Up.
        var up = $"node [akka.ssl.tcp://cotosweep@127.0.0.1:{goodPort}] to [Up]";
        await Explained(Cli.Until(() => coordinator.Output.Contains(up) || good.Output.Contains(up),
            "the worker with the certificate to be Up", 120), coordinator, good);

        File.WriteAllText(PathOf("sweep.yaml"), Sweep);
        var submitted = await Cli.RunAsync(Dir.FullName, ["submit", "sweep.yaml", "--coordinator", $"127.0.0.1:{port}", .. tls]);
        Assert.True(submitted.ExitCode == 0, submitted.Stderr + submitted.Stdout);
        await Explained(Cli.Until(() => Completed() == 3, "the sweep to complete", 120), coordinator, good);

        // Both intruders keep retrying their join; by now each has been refused at least once.
        await Cli.Until(() => coordinator.Output.Contains("not an SSL/TLS record"), "the plain-TCP handshake to be refused");
        await Cli.Until(() => coordinator.Output.Contains("due to TLS handshake failure"), "the wrong certificate to be refused");
        Assert.Matches(@"Certificate pinning failed for .*: thumbprint '[0-9A-F]+' not in allowed list", coordinator.Output);

        var log = coordinator.Output;
        foreach (var intruder in new[] { plainPort, otherPort })
        {
            Assert.DoesNotContain($"cotosweep@127.0.0.1:{intruder}", log);   // never JOINING, never Up, never a trial
        }
        Assert.DoesNotContain("Welcome from", plain.Output);
        Assert.DoesNotContain("Welcome from", impostor.Output);
        Assert.Contains("Welcome from", good.Output);
        var started = Regex.Matches(log, @"trial \S+ attempt \d+ started on (\S+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, started.Count);
        Assert.All(started, worker => Assert.StartsWith($"akka.ssl.tcp://cotosweep@127.0.0.1:{goodPort}/", worker));
    }

}
