using System.Text.Json;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Protocol;
using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoToSweep.Web.Api;

public sealed record Submitted(string Id, string Name, string Trials);

/// <summary>The state of a sweep after pause, resume or cancel.</summary>
public sealed record Controlled(string Id, string State, bool Paused);

/// <summary>The optional JSON body of pause, resume and cancel.</summary>
public sealed record ControlBody(string? Reason);

/// <summary>The JSON form of a submission (the YAML form is the sweep file itself).</summary>
public sealed record SubmitBody(string? Yaml, string? File);

/// <summary>Sweeps: list, one, submit (validated as <c>cotosweep validate</c> does), pause, resume, cancel.</summary>
public static class SweepEndpoints
{
    public static void Map(IEndpointRouteBuilder api, SweepReads reads, SweepControl control, string baseDirectory)
    {
        api.MapGet("/sweeps", () => reads.Summaries());
        api.MapGet("/sweeps/{id}", (string id) => reads.Detail(id));
        api.MapPost("/sweeps", async (HttpContext context) =>
        {
            var (text, file) = await SubmissionAsync(context.Request);
            var definition = SpecReader.Parse(text, baseDirectory);
            if (!definition.IsValid)
                throw new ProblemException(Problem.Of(400, string.Join("\n", definition.Problems.Select(p => p.Format(file))),
                    definition.Problems.Select(p => new FileProblem(file, p.At.Line, p.At.Column, p.Message)).ToList()));
            if (control.OnlySweep is { } only && definition.Id != only)
                throw ProblemException.Conflict($"this is the embedded run of sweep {only}: it runs that sweep only; run {definition.Id} with " +
                                                "`cotosweep run FILE` (another --state) or submit it to a coordinator (`cotosweep coordinator --http`)");
            var id = await control.SubmitAsync(definition, context.RequestAborted);
            var spec = definition.Spec!;
            var count = TrialPlanner.IsAdaptive(spec) ? $"up to {TrialPlanner.Target(spec)}" : $"{TrialPlanner.Target(spec)}";
            return Results.Created($"/api/sweeps/{id}", new Submitted(id, spec.Name, count));
        });
        api.MapPost("/sweeps/{id}/pause", async (string id, HttpContext context) =>
            await ControlAsync(reads, control, id, new SweepCommands.PauseSweep(await ReasonAsync(context.Request, "paused through the HTTP API"), DateTimeOffset.UtcNow), context));
        api.MapPost("/sweeps/{id}/resume", async (string id, HttpContext context) =>
        {
            await ReasonAsync(context.Request, "");
            return await ControlAsync(reads, control, id, new SweepCommands.UnpauseSweep(DateTimeOffset.UtcNow), context);
        });
        api.MapPost("/sweeps/{id}/cancel", async (string id, HttpContext context) =>
            await ControlAsync(reads, control, id, new SweepCommands.CancelSweep(await ReasonAsync(context.Request, "cancelled through the HTTP API"), DateTimeOffset.UtcNow), context));
    }

    /// <summary>Sends the command to the coordinator; 409 when it did nothing (already paused, not paused, finished).</summary>
    private static async Task<IResult> ControlAsync(SweepReads reads, SweepControl control, string id, ISweepCommand command, HttpContext context)
    {
        var state = reads.State(id);   // 404 for an unknown id, before asking anyone
        if (state.IsFinished) throw ProblemException.Conflict($"sweep {id} is already {state.Phase.ToString().ToLowerInvariant()}");
        var answer = await control.SendAsync(id, command, context.RequestAborted);
        return answer switch
        {
            SweepCoordinator.PauseAnswered { Changed: true } a => Results.Accepted($"/api/sweeps/{id}", new Controlled(id, a.Paused ? "paused" : "running", a.Paused)),
            SweepCoordinator.PauseAnswered a => throw ProblemException.Conflict(a.Phase != "running"
                ? $"sweep {id} is already {a.Phase}" : a.Paused ? $"sweep {id} is already paused" : $"sweep {id} is not paused"),
            SweepCoordinator.CancelAnswered { Cancelled: true } => Results.Accepted($"/api/sweeps/{id}", new Controlled(id, "cancelled", false)),
            SweepCoordinator.CancelAnswered a => throw ProblemException.Conflict($"sweep {id} is already {a.Phase}"),
            SweepQueries.UnknownSweep => throw ProblemException.NotFound($"the coordinator does not serve sweep '{id}'"),
            _ => throw new InvalidOperationException($"unexpected answer {answer.GetType().Name}"),
        };
    }

    /// <summary>The sweep file's text and the name its problems are reported under (<c>?file=</c>, default <c>sweep.yaml</c>).</summary>
    private static async Task<(string Text, string File)> SubmissionAsync(HttpRequest request)
    {
        var file = request.Query["file"].FirstOrDefault() is { Length: > 0 } f ? Path.GetFileName(f) : "sweep.yaml";
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var body = await new StreamReader(request.Body).ReadToEndAsync(request.HttpContext.RequestAborted);
        switch (type)
        {
            case "application/yaml" or "application/x-yaml" or "text/yaml" or "text/x-yaml" or "text/plain":
                return (body, file);
            case "application/json":
                var json = Parse<SubmitBody>(body);
                if (json?.Yaml is not { Length: > 0 } yaml) throw ProblemException.BadRequest("the JSON body needs \"yaml\": the sweep file's text");
                return (yaml, json.File is { Length: > 0 } named ? Path.GetFileName(named) : file);
            default:
                throw new ProblemException(Problem.Of(415, $"send the sweep file as application/yaml (or text/plain), not {type ?? "no content type"}"));
        }
    }

    /// <summary>The optional <c>{"reason": "…"}</c> body; an empty body is the default reason.</summary>
    private static async Task<string> ReasonAsync(HttpRequest request, string fallback)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(body)) return fallback;
        if (request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() is not "application/json")
            throw new ProblemException(Problem.Of(415, "a body of pause, resume or cancel is JSON: {\"reason\": \"…\"} with Content-Type: application/json"));
        return Parse<ControlBody>(body)?.Reason is { Length: > 0 } reason ? reason : fallback;
    }

    private static T? Parse<T>(string body)
    {
        try { return JsonSerializer.Deserialize<T>(body, ApiJson.Options); }
        catch (JsonException e) { throw ProblemException.BadRequest($"malformed JSON: {e.Message}"); }
    }
}
