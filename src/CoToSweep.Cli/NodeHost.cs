using Akka.Actor;
using Akka.Hosting;
using CoToSweep.Actors.Cluster;
using CoToSweep.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoToSweep.Cli;

/// <summary>Starts one actor system of a cluster node (or a client) under Akka.Hosting.</summary>
public static class NodeHost
{
    public static async Task<IHost> StartAsync(Action<AkkaConfigurationBuilder> configure, CancellationToken cancellationToken)
    {
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(ClusterNodeSettings.SystemName, builder =>
            {
                builder.AddSweepSerialization().AddSerilogLogging(Logging.Verbose)
                    .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
                configure(builder);
            }))
            .Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException)
        {
            host.Dispose();
            throw new UserError($"--tls-cert: {e.Message}");
        }
    }

    public static ActorSystem System(this IHost host) => host.Services.GetRequiredService<ActorSystem>();

    /// <summary>Leaves the cluster gracefully (others see it leave within seconds instead of waiting for downing).</summary>
    public static async Task StopAsync(IHost host)
    {
        try { await host.StopAsync(TimeSpan.FromSeconds(20)); }
        finally { host.Dispose(); }
    }
}
