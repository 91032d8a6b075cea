using CoToSweep.Actors.Persistence;
using Serilog;
using Serilog.Events;
using Serilog.Filters;

namespace CoToSweep.Cli;

/// <summary>
/// Serilog: structured events (sweep and trial ids as properties) to a rolling file in the state dir, and the
/// project's own events to the console at <paramref name="consoleLevel"/> (warnings only while the live view owns the
/// terminal). Akka's own events (source context <c>Akka.*</c>: cluster gossip, coordinated shutdown, dead letters)
/// go to the file only, unless <c>--verbose</c>. Configured only after input is validated, so bad input never
/// creates a log file.
/// </summary>
public static class Logging
{
    /// <summary>Set from <c>--verbose</c> before any verb runs.</summary>
    public static bool Verbose { get; set; }

    public static void Configure(string stateDir, LogEventLevel consoleLevel)
    {
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Akka", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Logger(console => console
                .Filter.ByExcluding(e => !Verbose && Matching.FromSource("Akka")(e))
                .WriteTo.Console(restrictedToMinimumLevel: consoleLevel, standardErrorFromLevel: LogEventLevel.Verbose,
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}"))
            .WriteTo.File(Path.Combine(StateDirectory.LogDirectory(stateDir), "cotosweep-.log"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, shared: true,
                outputTemplate: "{Timestamp:O} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}")
            .CreateLogger();
    }
}
