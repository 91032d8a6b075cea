using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoToSweep.Web.Api;

/// <summary><c>/api/events</c>: server-sent events from the <see cref="LiveFeed"/>, with a comment line every 15 s so proxies keep it open.</summary>
public static class EventsEndpoint
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder api, LiveFeed feed) =>
        api.MapGet("/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            var reader = feed.Join();
            var aborted = context.RequestAborted;
            try
            {
                await context.Response.WriteAsync("retry: 2000\n\n", aborted);
                await context.Response.Body.FlushAsync(aborted);
                while (!aborted.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                    wait.CancelAfter(KeepAlive);
                    try
                    {
                        if (!await reader.WaitToReadAsync(wait.Token)) return;
                        while (reader.TryRead(out var frame)) await context.Response.WriteAsync(frame, aborted);
                    }
                    catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                    {
                        await context.Response.WriteAsync(": keep-alive\n\n", aborted);
                    }
                    await context.Response.Body.FlushAsync(aborted);
                }
            }
            catch (OperationCanceledException) { }
            finally { feed.Leave(reader); }
        }).ExcludeFromDescription();
}
