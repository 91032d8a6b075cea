using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Web.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoToSweep.Web;

/// <param name="Binding">Where to listen (<c>--http</c>).</param>
/// <param name="Token">The bearer token every mutation (and, unless <paramref name="ReadOpen"/>, every read) needs.</param>
/// <param name="Journal">The journal the read endpoints replay (the one <c>status</c> reads).</param>
/// <param name="Live">The coordinator liveness <c>status</c> uses (lock holder or heartbeat rows).</param>
/// <param name="BaseDirectory">Where relative paths of a submitted sweep file resolve (the server's working directory).</param>
public sealed record WebServerOptions(HttpBinding Binding, string Token, bool ReadOpen, IJournalReader Journal, Func<LockHolder?> Live,
    SweepControl Control, string BaseDirectory)
{
    public const long MaxBodyBytes = 1 << 20;

    /// <summary>How often the live feed looks for new journal events.</summary>
    public TimeSpan FeedInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public ILoggerProvider? Logger { get; init; }
}

/// <summary>
/// The HTTP API and the dashboard (issue 14) on Kestrel, in the coordinator's process: read endpoints over the journal
/// (the state the CLI reads), mutations through the coordinator's actors, server-sent events, the OpenAPI document, and
/// the embedded dashboard files at <c>/</c>. Every client mistake is an RFC 7807 problem with a 4xx status.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LiveFeed _feed;

    private WebServer(WebApplication app, LiveFeed feed)
    {
        _app = app;
        _feed = feed;
    }

    /// <summary>The address it listens on, e.g. <c>http://127.0.0.1:40123/</c> (the port Kestrel picked for port 0).</summary>
    public Uri Url { get; private set; } = null!;

    public static async Task<WebServer> StartAsync(WebServerOptions options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(WebServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        if (options.Logger is { } logger) builder.Logging.AddProvider(logger);
        // Kestrel and hosting say at Information what the dashboard line already says, and a line per request.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(options.Binding.Address, options.Binding.Port);
            k.Limits.MaxRequestBodySize = WebServerOptions.MaxBodyBytes;
            k.AddServerHeader = false;
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy;
            o.SerializerOptions.DictionaryKeyPolicy = null;
            o.SerializerOptions.NumberHandling = ApiJson.Options.NumberHandling;
            foreach (var c in ApiJson.Options.Converters) o.SerializerOptions.Converters.Add(c);
        });
        builder.Services.AddOpenApi();
        var app = builder.Build();

        var reads = new SweepReads(new SweepStateCache(options.Journal), options.Live);
        var feed = new LiveFeed(reads, options.Control, options.FeedInterval);
        app.Use(Guard(options, app.Logger));
        app.Use(async (context, next) =>
        {
            if (!await StaticAssets.TryServeAsync(context)) await next(context);
        });
        var api = app.MapGroup("/api");
        SweepEndpoints.Map(api, reads, options.Control, options.BaseDirectory);
        TrialEndpoints.Map(api, reads);
        BoardEndpoints.Map(api, reads);
        ClusterEndpoints.Map(api, reads, options.Control);
        EventsEndpoint.Map(api, feed);
        app.MapOpenApi("/openapi/{documentName}.json");
        // Anything else: a problem document (a page path the dashboard does not have is a 404 too).
        app.MapFallback((HttpContext context) => throw ProblemException.NotFound($"no such path: {context.Request.Method} {context.Request.Path}"));

        await app.StartAsync(cancellationToken);
        feed.Start();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var host = options.Binding.Host is "*" or "0.0.0.0" ? HttpBinding.DefaultHost : options.Binding.Host;
        return new WebServer(app, feed) { Url = new Uri($"http://{(host.Contains(':') ? $"[{host}]" : host)}:{port}/") };
    }

    /// <summary>
    /// Access and errors in one place: mutations need the bearer token, reads too unless read-open (the page itself is
    /// always served, it asks for the token); a <see cref="ProblemException"/> or a bad request becomes its problem
    /// document; anything unexpected a 500 problem without details (logged).
    /// </summary>
    private static Func<HttpContext, RequestDelegate, Task> Guard(WebServerOptions options, ILogger log) => async (context, next) =>
    {
        try
        {
            var path = context.Request.Path;
            var read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            var guarded = !read || (!options.ReadOpen && (path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi")));
            if (guarded && !HttpToken.Matches(options.Token, Token(context.Request, allowQuery: read)))
            {
                await Problem.Of(401, read
                    ? "reads need the API token (Authorization: Bearer TOKEN, or ?access_token= for event streams), unless the server runs with --http-read-open"
                    : "changes need the API token: Authorization: Bearer TOKEN (the token is in the state directory's http-token file)").WriteAsync(context);
                return;
            }
            await next(context);
        }
        catch (ProblemException e) when (!context.Response.HasStarted) { await e.Problem.WriteAsync(context); }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var status = e.StatusCode is >= 400 and < 500 ? e.StatusCode : 400;
            await Problem.Of(status, status == 413 ? $"the request body is larger than {WebServerOptions.MaxBodyBytes} bytes" : e.Message).WriteAsync(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            log.LogError(e, "HTTP {Method} {Path} failed", context.Request.Method, context.Request.Path);
            await Problem.Of(500, "the server failed to answer this request; see the coordinator's log").WriteAsync(context);
        }
    };

    private static string? Token(HttpRequest request, bool allowQuery)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header[7..].Trim();
        return allowQuery ? request.Query["access_token"].FirstOrDefault() : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _feed.DisposeAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
