using CoToSweep.Actors.Persistence;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Filters;

namespace CoToSweep.Cli;

/// <summary>
/// Serilog: structured events (sweep and trial ids as properties) to a rolling file in the state dir, and to
/// the console at <paramref name="consoleLevel"/> (warnings only while the live view owns the terminal).
/// Configured only after input is validated, so bad input never creates a log file. The console gets one line per
/// event of CoToSweep's own (Akka's own events, source context <c>Akka.*</c>, and stack traces go to the file only,
/// unless <c>--verbose</c>); the file sink can never end the
/// process: on a full disk its lines are dropped, not thrown. With <paramref name="journalFaultsOnConsole"/> false (an
/// embedded run, which prints its own verdict in one line) the coordinator's per-attempt journal-fault lines
/// (those with a <c>JournalFault</c> property) go to the file only.
/// </summary>
public static class Logging
{
    /// <summary>Set from <c>--verbose</c> before any verb runs.</summary>
    public static bool Verbose { get; set; }

    public static void Configure(string stateDir, LogEventLevel consoleLevel, bool journalFaultsOnConsole = true)
    {
        var file = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.File(Path.Combine(StateDirectory.LogDirectory(stateDir), "cotosweep-.log"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, shared: true,
                outputTemplate: "{Timestamp:O} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}")
            .CreateLogger();
        // --verbose: Debug events too (a line per trial), on the console as well unless the live view owns it.
        if (Verbose && consoleLevel == LogEventLevel.Information) consoleLevel = LogEventLevel.Debug;
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Is(Verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .MinimumLevel.Override("Akka", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Logger(console => console
                .Filter.ByExcluding(e => !Verbose && Matching.FromSource("Akka")(e))
                .Filter.ByExcluding(e => !journalFaultsOnConsole && e.Properties.ContainsKey(JournalFaultProperty))
                .WriteTo.Console(restrictedToMinimumLevel: consoleLevel, standardErrorFromLevel: LogEventLevel.Verbose,
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}"))
            .WriteTo.Sink(new FailSafeSink(file))
            .CreateLogger();
    }

    public const string JournalFaultProperty = "JournalFault";

    /// <summary>A sink whose writes and disposal never throw (a full disk must not crash the process that reports it).</summary>
    private sealed class FailSafeSink(Logger inner) : ILogEventSink, IDisposable
    {
        public void Emit(LogEvent logEvent)
        {
            try { inner.Write(logEvent); }
            catch (IOException) { }
        }

        public void Dispose()
        {
            try { inner.Dispose(); }
            catch (IOException) { }
        }
    }
}
