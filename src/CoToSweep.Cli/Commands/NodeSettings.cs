using System.ComponentModel;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using CoToSweep.Actors.Cluster;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Options of verbs that talk to a cluster: the address this process is reached at and node-to-node TLS. Each falls
/// back to its environment variable (<see cref="EnvironmentVariables"/>) when the flag is not given.
/// </summary>
public class NodeSettings : GlobalSettings
{
    public const string AutoHost = "auto";

    [CommandOption("--host <HOST>")]
    [Description("Address this node is reached at (default 127.0.0.1; the machine's name or IP on a real cluster; auto: its first non-loopback IPv4 address). $COTOSWEEP_HOST")]
    public string? Host { get; init; }

    [CommandOption("--tls-cert <PFX>")]
    [Description("PKCS#12 certificate shared by all nodes: enables TLS with mutual authentication (peers must present it). $COTOSWEEP_TLS_CERT")]
    public string? TlsCert { get; init; }

    [CommandOption("--tls-password <PASSWORD>")]
    [Description("Password of --tls-cert. $COTOSWEEP_TLS_PASSWORD")]
    public string? TlsPassword { get; init; }

    /// <summary>The address peers reach this process at: the flag, else $COTOSWEEP_HOST, else 127.0.0.1.</summary>
    public string AdvertisedHost() => EnvironmentVariables.Host.Or(Host) is { } host
        ? host == AutoHost ? FirstExternalIPv4() : host
        : "127.0.0.1";

    public TlsSettings? Tls()
    {
        var cert = EnvironmentVariables.TlsCert.Or(TlsCert);
        if (cert is null) return null;
        if (!File.Exists(cert)) throw new UserError($"--tls-cert {cert}: no such file");
        return new TlsSettings(Path.GetFullPath(cert), EnvironmentVariables.TlsPassword.Or(TlsPassword));
    }

    public static (string Host, int Port) HostPort(string option, string value)
    {
        try { return ClusterNodeSettings.ParseHostPort(value); }
        catch (ArgumentException e) { throw new UserError($"{option}: {e.Message}"); }
    }

    /// <summary><c>HOST:PORT[,HOST:PORT…]</c> as <c>host:port</c> seed entries.</summary>
    public static IReadOnlyList<string> HostPorts(string option, string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => HostPort(option, v)).Select(hp => $"{hp.Host}:{hp.Port}").Distinct().ToList() is { Count: > 0 } list
            ? list
            : throw new UserError($"{option}: '{value}' names no HOST:PORT");

    /// <summary>What <c>--host auto</c> stands for: in a container or pod, the address other nodes reach it at.</summary>
    private static string FirstExternalIPv4() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a))?.ToString()
        ?? throw new UserError("--host auto: this machine has no non-loopback IPv4 address");
}

/// <summary>Options of the verbs that run a cluster node (coordinator, worker): the listening side and the health endpoint.</summary>
public class ServingNodeSettings : NodeSettings
{
    [CommandOption("--bind <HOST>")]
    [Description("Address the cluster port listens on (default: the --host address; 0.0.0.0 in containers). $COTOSWEEP_BIND")]
    public string? Bind { get; init; }

    [CommandOption("--health-port <PORT>")]
    [Description("Serve /healthz (live) and /readyz (joined, with a reachable coordinator) over HTTP on this port, all interfaces. $COTOSWEEP_HEALTH_PORT")]
    public int? HealthPort { get; init; }

    public string? BindHost() => EnvironmentVariables.Bind.Or(Bind);

    public int? ResolvedHealthPort() => EnvironmentVariables.HealthPort.Or(HealthPort) is { } port
        ? port is >= 1 and <= 65535 ? port : throw new UserError($"--health-port: {port} is not a port")
        : null;

    public static int CheckedPort(int port) =>
        port is >= 0 and <= 65535 ? port : throw new UserError($"--port: {port} is not a port");
}
