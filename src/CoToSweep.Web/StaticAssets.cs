using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace CoToSweep.Web;

/// <summary>
/// The dashboard's files, embedded in this assembly from <c>wwwroot/</c> (so the binary needs nothing beside it and the
/// page works offline): <c>/</c> is <c>index.html</c>, other paths by name. Unknown paths fall through (404).
/// </summary>
public static class StaticAssets
{
    private const string Prefix = "wwwroot/";
    private static readonly FileExtensionContentTypeProvider Types = new();
    private static readonly HashSet<string> Names = typeof(StaticAssets).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToHashSet();

    public static async Task<bool> TryServeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)) return false;
        var path = context.Request.Path.Value ?? "/";
        var name = Prefix + (path == "/" ? "index.html" : path.TrimStart('/'));
        if (!Names.Contains(name)) return false;
        await using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream(name)!;
        context.Response.ContentType = Types.TryGetContentType(name, out var type)
            ? type + (type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("javascript", StringComparison.Ordinal) ? "; charset=utf-8" : "")
            : "application/octet-stream";
        // The page changes with the binary only; no-cache makes a browser check, so an upgrade is seen at once.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentLength = stream.Length;
        if (HttpMethods.IsGet(context.Request.Method)) await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
        return true;
    }
}
