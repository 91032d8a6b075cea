using Akka.Actor;
using Akka.Hosting;
using Akka.Remote.Hosting;
using CoToSweep.Actors.Cluster;
using CoToSweep.Cli.Commands;

namespace CoToSweep.Cli;

/// <summary>
/// A client outside the cluster (<c>submit</c>, <c>cancel --coordinator</c>): a remoting-only node for one question to
/// the coordinator node's gateway (<c>/user/submissions</c>), stopped again once answered.
/// </summary>
public static class ClusterClient
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <param name="coordinator">The coordinator node, <c>HOST:PORT</c> (as the user gave it: checked here).</param>
    public static async Task<object> AskAsync(NodeSettings settings, string coordinator, object message)
    {
        var (host, port) = NodeSettings.HostPort("--coordinator", coordinator);
        var self = settings.AdvertisedHost();
        var node = new ClusterNodeSettings(self, 0, [], [], settings.Tls(), ClusterNodeSettings.DefaultStableAfter, ClusterNodeSettings.DefaultRejoinAfter);
        // Akka's fallback console logger can still print remoting's start and stop lines while the client's actor
        // system starts and stops (before and after its loggers run): unless --verbose, the console is muted meanwhile.
        var (stdout, stderr) = (Console.Out, Console.Error);
        if (!Logging.Verbose) Mute();
        var client = await NodeHost.StartAsync(b =>
        {
            b.WithRemoting(new RemoteOptions { HostName = self, Port = 0 });
            if (node.Tls is not null) b.AddCoToSweepCluster(node);   // TLS settings come with the cluster transport
        }, Interrupts.Token).ContinueWith(t => { Unmute(stdout, stderr); return t; }).Unwrap();
        try
        {
            var gateway = client.System().ActorSelection($"{node.SeedAddress($"{host}:{port}")}/user/{ClusterRoles.GatewayName}");
            return await gateway.Ask<object>(message, Timeout, Interrupts.Token);
        }
        catch (AskTimeoutException)
        {
            throw new UserError($"no coordinator answered at {host}:{port} within {Timeout.TotalSeconds:F0} s", ExitCodes.Failed);
        }
        finally
        {
            // stdout is the verb's answer and nothing else (scripts do ID=$(cotosweep submit …)); while the client stops,
            // Akka's fallback console logger prints "Remoting shut down" lines: they go to stderr.
            Console.Out.Flush();
            if (Logging.Verbose) Console.SetOut(stderr);
            else Mute();
            await NodeHost.StopAsync(client);
            Unmute(stdout, stderr);
        }
    }

    private static void Mute()
    {
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
    }

    private static void Unmute(TextWriter stdout, TextWriter stderr)
    {
        Console.SetOut(stdout);
        Console.SetError(stderr);
    }
}
