using System.Net;
using Akka.Actor;
using Akka.Cluster;
using CoToSweep.Actors.Cluster;

namespace CoToSweep.Cli.Health;

/// <summary>
/// The probe endpoint of a cluster node (<c>--health-port</c>): plain HTTP on all interfaces, two paths, no data.
/// <see cref="LivePath"/> answers 200 while the process serves requests (also between cluster memberships, when a
/// worker rejoins); <see cref="ReadyPath"/> answers 200 once this node is Up in the cluster and a coordinator node is
/// Up and reachable (on a coordinator node: itself), else 503. The image's HEALTHCHECK, the compose file and the
/// Kubernetes probes use these constants' values (a test checks that they agree).
/// </summary>
public sealed class HealthEndpoint : IDisposable
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    public const int DefaultPort = 8558;

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile ActorSystem? _system;
    private volatile bool _leaving;

    private HealthEndpoint(int port)
    {
        _listener.Prefixes.Add($"http://+:{port}/");
        try { _listener.Start(); }
        catch (HttpListenerException e) { throw new UserError($"--health-port {port}: {e.Message}"); }
        _ = Task.Run(ServeAsync);
    }

    /// <summary>Starts serving on <paramref name="port"/>, or returns null when no port is configured.</summary>
    public static HealthEndpoint? Start(int? port) => port is { } p ? new HealthEndpoint(p) : null;

    /// <summary>The actor system whose membership readiness reports (a new one after each rejoin).</summary>
    public void Watch(ActorSystem system) => _system = system;

    /// <summary>From now on not ready: the node is draining and leaving (probes stop sending it anything new).</summary>
    public void Leaving() => _leaving = true;

    public bool IsReady()
    {
        if (_leaving || _system is not { WhenTerminated.IsCompleted: false } system) return false;
        var cluster = Akka.Cluster.Cluster.Get(system);
        if (cluster.SelfMember.Status != MemberStatus.Up) return false;
        var state = cluster.State;
        return state.Members.Any(m => m.Status == MemberStatus.Up && m.HasRole(ClusterNodeSettings.CoordinatorRole)
            && !state.Unreachable.Contains(m));
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var (status, text) = context.Request.Url?.AbsolutePath switch
            {
                LivePath => (200, "live"),
                ReadyPath => IsReady() ? (200, "ready") : (503, "not ready"),
                _ => (404, "not found"),
            };
            try
            {
                context.Response.StatusCode = status;
                context.Response.ContentType = "text/plain";
                var body = System.Text.Encoding.UTF8.GetBytes(text + "\n");
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}
