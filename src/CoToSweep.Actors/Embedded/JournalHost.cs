using Akka.Actor;
using Akka.Hosting;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Hosting;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Sweeps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoToSweep.Actors.Embedded;

/// <summary>
/// An in-process actor system over a journal: what an embedded run stands on, and what a verb that must journal a
/// command with no coordinator running (cancel of an interrupted sweep) starts for the moment it takes. The caller
/// holds the state dir's lock, so no other coordinator writes meanwhile.
/// </summary>
public static class JournalHost
{
    /// <param name="debugLog">Debug-level log events too (a line per trial), for <c>--verbose</c>.</param>
    public static async Task<IHost> StartAsync(JournalSettings journal, CancellationToken cancellationToken, bool debugLog = false)
    {
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("cotosweep", builder => builder
                .AddSweepSerialization()
                .AddSweepJournal(journal)
                .AddSerilogLogging(debugLog)
                .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend)))
            .Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>
    /// Journals one sweep's command through a coordinator started for it (no slots), and returns its answer
    /// (<see cref="SweepCoordinator.CancelAnswered"/>, or <see cref="SweepQueries.UnknownSweep"/>).
    /// </summary>
    public static async Task<object> SendAsync(JournalSettings journal, string sweepId, ISweepCommand command, CancellationToken cancellationToken)
    {
        var host = await StartAsync(journal, cancellationToken);
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var manager = system.ActorOf(SweepManager.Props(CoordinatorSettings.Embedded), "coordinator");
            return await manager.Ask<object>(new WorkProtocol.ForSweep(sweepId, command), TimeSpan.FromSeconds(30), cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}
