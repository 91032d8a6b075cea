using Akka.Hosting;
using Akka.Logger.Serilog;
using Akka.Persistence.Sql;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain;

namespace CoToSweep.Actors.Hosting;

/// <summary>The pieces every CoToSweep actor system is built from, one extension each.</summary>
public static class AkkaBuilderExtensions
{
    /// <summary>All protocol messages and journal events go through one explicit, versioned serializer.</summary>
    public static AkkaConfigurationBuilder AddSweepSerialization(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer("cotosweep", [typeof(ISweepMessage)], system => new SweepMessageSerializer(system));

    public static AkkaConfigurationBuilder AddSweepJournal(this AkkaConfigurationBuilder builder, JournalSettings journal) =>
        builder.AddHocon(journal.ToHocon(), HoconAddMode.Prepend).AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append);

    /// <summary>
    /// Akka's log events go to Serilog (the host decides where: the CLI writes Akka's own lines to the log file only).
    /// Akka's fallback standard-out logger, which prints while the system starts and after its loggers stop
    /// ("Remoting shut down", "CoordinatedShutdown invoked …"), is off. Per-trial lines are Debug events, so they
    /// are only produced with <paramref name="debug"/> (the CLI's <c>--verbose</c>): a 200,000-trial sweep must not
    /// write a bigger log than its journal.
    /// </summary>
    public static AkkaConfigurationBuilder AddSerilogLogging(this AkkaConfigurationBuilder builder, bool debug = false) =>
        builder.AddHocon("akka.stdout-loglevel = OFF", HoconAddMode.Prepend).ConfigureLoggers(loggers =>
        {
            loggers.LogLevel = debug ? Akka.Event.LogLevel.DebugLevel : Akka.Event.LogLevel.InfoLevel;
            loggers.ClearLoggers();
            loggers.AddLogger<SerilogLogger>();
        });
}
