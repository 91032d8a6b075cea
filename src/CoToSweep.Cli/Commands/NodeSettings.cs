using System.ComponentModel;
using CoToSweep.Actors.Cluster;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>Options of verbs that run a cluster node: where it listens and node-to-node TLS.</summary>
public class NodeSettings : GlobalSettings
{
    [CommandOption("--host <HOST>")]
    [Description("Address this node listens on and is reached at (default 127.0.0.1; give the machine's name or IP on a real cluster).")]
    public string Host { get; init; } = "127.0.0.1";

    [CommandOption("--tls-cert <PFX>")]
    [Description("PKCS#12 certificate shared by all nodes: enables TLS with mutual authentication (peers must present it).")]
    public string? TlsCert { get; init; }

    [CommandOption("--tls-password <PASSWORD>")]
    [Description("Password of --tls-cert (default: $COTOSWEEP_TLS_PASSWORD).")]
    public string? TlsPassword { get; init; }

    public TlsSettings? Tls()
    {
        if (TlsCert is null) return null;
        if (!File.Exists(TlsCert)) throw new UserError($"--tls-cert {TlsCert}: no such file");
        return new TlsSettings(Path.GetFullPath(TlsCert), TlsPassword ?? Environment.GetEnvironmentVariable("COTOSWEEP_TLS_PASSWORD"));
    }

    public static (string Host, int Port) HostPort(string option, string value)
    {
        try { return ClusterNodeSettings.ParseHostPort(value); }
        catch (ArgumentException e) { throw new UserError($"{option}: {e.Message}"); }
    }
}
