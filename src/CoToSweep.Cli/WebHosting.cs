using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Cli.Commands;
using CoToSweep.Web;

namespace CoToSweep.Cli;

/// <summary>
/// The HTTP options of a verb that serves the API (<c>run</c>, <c>coordinator</c>), checked before anything is written.
/// The three options are declared by each such verb's settings with these help texts.
/// </summary>
public sealed record HttpServing(HttpBinding Binding, string? Token, bool ReadOpen)
{
    public const string HttpHelp = "Serve the HTTP API and the web dashboard here (127.0.0.1 when HOST is left out, e.g. :8080; port 0 picks a free port).";
    public const string TokenHelp = "Bearer token of the HTTP API (default: generated into <state>/http-token, mode 0600, on first start).";
    public const string ReadOpenHelp = "Let the HTTP API's reads (and the dashboard) go without the token; changes still need it.";

    /// <summary>Null without <c>--http</c>; a bad value is bad input (exit 2).</summary>
    public static HttpServing? From(string? http, string? token, bool readOpen)
    {
        if (http is null)
        {
            if (token is not null || readOpen) throw new UserError("--http-token and --http-read-open need --http HOST:PORT");
            return null;
        }
        if (token is { } t && t.Trim().Length < 16) throw new UserError("--http-token: give at least 16 characters (or leave it out: one is generated into <state>/http-token)");
        try { return new HttpServing(HttpBinding.Parse(http), token?.Trim(), readOpen); }
        catch (FormatException e) { throw new UserError($"--http {e.Message}"); }
    }
}

/// <summary>
/// Starts the HTTP API beside a coordinator: the reads see the journal through the same liveness answer as
/// <c>status</c> (a <see cref="StatusCommand.Settings"/> for the same state dir or journal), and one line on stderr
/// says where the dashboard is.
/// </summary>
public static class WebHosting
{
    public static async Task<WebServer> StartAsync(HttpServing http, string stateDir, string? journalText, JournalSettings journal,
        SweepControl control, CancellationToken cancellationToken)
    {
        var reads = journalText is null ? new StatusCommand.Settings { State = stateDir } : new StatusCommand.Settings { Journal = journalText };
        var token = http.Token ?? HttpToken.ReadOrCreate(stateDir);
        var options = new WebServerOptions(http.Binding, token, http.ReadOpen, JournalReaders.Open(journal), reads.LiveCoordinator, control,
            Directory.GetCurrentDirectory())
        {
            Logger = new Serilog.Extensions.Logging.SerilogLoggerProvider(Serilog.Log.Logger),
        };
        WebServer server;
        try { server = await WebServer.StartAsync(options, cancellationToken); }
        catch (IOException e) { throw new UserError($"--http {http.Binding.Host}:{http.Binding.Port}: {e.Message}", ExitCodes.Failed); }
        Console.Error.WriteLine($"dashboard: {server.Url}  ({(http.Token is null ? $"token in {HttpToken.PathIn(stateDir)}" : "token from --http-token")})");
        return server;
    }
}
