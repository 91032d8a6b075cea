using CoToSweep.Actors.Persistence;
using Serilog;
using Serilog.Events;

namespace CoToSweep.Cli;

/// <summary>
/// Serilog: structured events (sweep and trial ids as properties) to a rolling file in the state dir, and to
/// the console at <paramref name="consoleLevel"/> (warnings only while the live view owns the terminal).
/// Configured only after input is validated, so bad input never creates a log file.
/// </summary>
public static class Logging
{
    public static void Configure(string stateDir, LogEventLevel consoleLevel)
    {
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Akka", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Console(restrictedToMinimumLevel: consoleLevel, standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(Path.Combine(StateDirectory.LogDirectory(stateDir), "cotosweep-.log"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, shared: true,
                outputTemplate: "{Timestamp:O} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}")
            .CreateLogger();
    }
}
