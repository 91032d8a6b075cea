using System.Globalization;

namespace CoToSweep.Cli.Commands;

/// <summary>One setting that can come from the environment instead of its flag (a flag given always wins).</summary>
public sealed record EnvVar(string Name, string Option, string Verbs, string Meaning)
{
    /// <summary>The variable's value, or null when it is unset or empty.</summary>
    public string? Value => Environment.GetEnvironmentVariable(Name) is { Length: > 0 } v ? v : null;

    /// <summary>The flag's value when given, else the variable's.</summary>
    public string? Or(string? flag) => flag ?? Value;

    /// <summary>The flag's value when given, else the variable's as a whole number; a bad value is bad input.</summary>
    public int? Or(int? flag)
    {
        if (flag is not null || Value is not { } text) return flag;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UserError($"{Name}: '{text}' is not a whole number (it stands for {Option})");
    }
}

/// <summary>
/// The environment variables the CLI reads (12-factor configuration): the one list the README's table, the image,
/// the compose file and the Kubernetes manifests are checked against.
/// </summary>
public static class EnvironmentVariables
{
    public static readonly EnvVar State = new("COTOSWEEP_STATE", "--state", "every verb with --state",
        "state directory: SQLite journal, lock, logs");
    public static readonly EnvVar Journal = new("COTOSWEEP_JOURNAL", "--journal", "coordinator, status, leaderboard",
        "journal connection (PostgreSQL for clusters); status and leaderboard prefer it to COTOSWEEP_STATE");
    public static readonly EnvVar ArtifactRoot = new("COTOSWEEP_ARTIFACT_ROOT", "--artifacts", "coordinator, worker",
        "artifact directory every node mounts (not COTOSWEEP_ARTIFACTS: that is a trial's own attempt directory)");
    public static readonly EnvVar Host = new("COTOSWEEP_HOST", "--host", "coordinator, worker, submit, cancel",
        "address this node is reached at; `auto` = this machine's first non-loopback IPv4 address");
    public static readonly EnvVar Bind = new("COTOSWEEP_BIND", "--bind", "coordinator, worker",
        "address the cluster port listens on (default: the --host address; 0.0.0.0 in containers)");
    public static readonly EnvVar Port = new("COTOSWEEP_PORT", "--port", "coordinator, worker",
        "cluster port (coordinator default 4053, worker default any free port)");
    public static readonly EnvVar Join = new("COTOSWEEP_JOIN", "--join", "coordinator, worker",
        "coordinator node(s) to join, HOST:PORT[,HOST:PORT…]");
    public static readonly EnvVar Coordinator = new("COTOSWEEP_COORDINATOR", "--coordinator", "submit, cancel",
        "the coordinator node a sweep is submitted to (or cancelled through), HOST:PORT");
    public static readonly EnvVar Gpus = new("COTOSWEEP_GPUS", "--gpus", "worker, run", "all | none | 0,1,…");
    public static readonly EnvVar CpuSlots = new("COTOSWEEP_CPU_SLOTS", "--cpu-slots", "worker", "CPU slots of a worker");
    public static readonly EnvVar Data = new("COTOSWEEP_DATA", "--data", "worker, run, resume", "Fashion-MNIST directory");
    public static readonly EnvVar TlsCert = new("COTOSWEEP_TLS_CERT", "--tls-cert", "coordinator, worker, submit, cancel",
        "PKCS#12 certificate every node presents (mutual TLS)");
    public static readonly EnvVar TlsPassword = new("COTOSWEEP_TLS_PASSWORD", "--tls-password", "coordinator, worker, submit, cancel",
        "password of the certificate");
    public static readonly EnvVar HealthPort = new("COTOSWEEP_HEALTH_PORT", "--health-port", "coordinator, worker, health",
        "port of the health endpoint (/healthz, /readyz); off when unset");

    public static IReadOnlyList<EnvVar> All { get; } =
        [State, Journal, ArtifactRoot, Host, Bind, Port, Join, Coordinator, Gpus, CpuSlots, Data, TlsCert, TlsPassword, HealthPort];
}
