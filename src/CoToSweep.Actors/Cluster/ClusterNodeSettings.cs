namespace CoToSweep.Actors.Cluster;

/// <summary>TLS between nodes: every node presents the same PKCS#12 certificate and accepts only peers presenting it.</summary>
public sealed record TlsSettings(string CertificatePath, string? Password);

/// <summary>
/// How a node joins the cluster. Timings (defaults in brackets) are documented in the README:
/// <see cref="StableAfter"/> [5 s] is how long the split-brain resolver waits before downing unreachable nodes
/// (a kill -9'd node is removed after roughly twice that); <see cref="RejoinAfter"/> [10 s] is how long a worker
/// stays without a coordinator before it restarts its cluster membership and joins again. <see cref="Bind"/> is the
/// address the port listens on when it differs from the one peers reach it at (0.0.0.0 in a container).
/// </summary>
public sealed record ClusterNodeSettings(
    string Host,
    int Port,
    IReadOnlyList<string> Seeds,
    IReadOnlyList<string> Roles,
    TlsSettings? Tls,
    TimeSpan StableAfter,
    TimeSpan RejoinAfter,
    string? Bind = null)
{
    public const string SystemName = "cotosweep";
    public const string CoordinatorRole = "coordinator";
    public const string WorkerRole = "worker";
    public const int DefaultCoordinatorPort = 4053;

    public static readonly TimeSpan DefaultStableAfter = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultRejoinAfter = TimeSpan.FromSeconds(10);

    public string Protocol => Tls is null ? "akka.tcp" : "akka.ssl.tcp";

    public string SeedAddress(string hostPort) => $"{Protocol}://{SystemName}@{hostPort}";

    /// <summary>Parses <c>HOST:PORT</c> as given to <c>--join</c> or <c>--coordinator</c>.</summary>
    public static (string Host, int Port) ParseHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"'{text}' is not HOST:PORT");
        return (text[..colon], port);
    }
}
