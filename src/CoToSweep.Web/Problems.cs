using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CoToSweep.Web;

/// <summary>One positioned problem of a sweep file, as <c>validate</c> prints it (<c>file:line:col: message</c>).</summary>
public sealed record FileProblem(string File, int Line, int Col, string Message);

/// <summary>
/// An RFC 7807 problem document (<c>application/problem+json</c>). Every client mistake gets one with a 4xx status; an
/// unexpected failure a 500 with a generic detail (the exception goes to the log, never to the client).
/// </summary>
public sealed record Problem(string Type, string Title, int Status, string Detail,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FileProblem>? Errors = null)
{
    public static Problem Of(int status, string detail, IReadOnlyList<FileProblem>? errors = null) =>
        new("about:blank", StatusTitle(status), status, detail, errors);

    public static string StatusTitle(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        503 => "Service Unavailable",
        _ => status >= 500 ? "Internal Server Error" : "Error",
    };

    public Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        if (Status == 401) context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(this, ApiJson.Options));
    }
}

/// <summary>Thrown by an endpoint for a client mistake; <see cref="WebServer"/> answers it as its problem document.</summary>
public sealed class ProblemException(Problem problem) : Exception(problem.Detail)
{
    public Problem Problem { get; } = problem;

    public static ProblemException BadRequest(string detail) => new(Problem.Of(400, detail));

    public static ProblemException NotFound(string detail) => new(Problem.Of(404, detail));

    public static ProblemException Conflict(string detail) => new(Problem.Of(409, detail));
}

public static class ApiJson
{
    /// <summary>The options of <c>status --json</c> (snake_case), without indentation; nulls of optional fields are left out per field.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
