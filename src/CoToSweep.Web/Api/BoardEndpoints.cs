using CoToSweep.Domain.Boards;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoToSweep.Web.Api;

/// <summary>
/// <c>/api/sweeps/{id}/boards/{board}</c>: the text <c>leaderboard --board B --format F</c> prints with its output piped
/// (a table fitted to 160 columns), built by the same Domain code.
/// </summary>
public static class BoardEndpoints
{
    public static void Map(IEndpointRouteBuilder api, SweepReads reads)
    {
        api.MapGet("/sweeps/{id}/boards/{board}", (string id, string board, string? format, int? top, string? metrics) =>
        {
            var kind = BoardKinds.Find(board)
                       ?? throw ProblemException.BadRequest($"board must be one of {string.Join(", ", BoardKinds.All.Select(k => k.Name))}, not '{board}'");
            if (!BoardFormats.TryParse(format ?? "json", out var f))
                throw ProblemException.BadRequest($"format must be one of {string.Join(", ", BoardFormats.Names)}, not '{format}'");
            if (top is < 1) throw ProblemException.BadRequest("top must be at least 1");
            var state = reads.State(id);
            if (!SweepReads.Has(state, kind))
                throw ProblemException.NotFound(BoardKinds.AnalysisOf(kind) is { } analysis
                    ? $"sweep {id} has no {analysis} analysis, so no {board} board"
                    : $"sweep {id} has one objective, so no {board} board");
            var built = kind.Build(state, new BoardOptions(top));
            if (metrics is not null)
            {
                var (kept, unknown) = BoardText.Metrics(built, metrics.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                if (unknown.Count > 0) throw ProblemException.BadRequest($"metrics: no metric column {string.Join(", ", unknown.Select(m => $"'{m}'"))} on this board");
                built = kept;
            }
            var type = f switch
            {
                BoardFormat.Json => "application/json",
                BoardFormat.Csv => "text/csv; charset=utf-8",
                BoardFormat.Md => "text/markdown; charset=utf-8",
                _ => "text/plain; charset=utf-8",
            };
            return Results.Text(BoardText.Render(built, f), type);
        });
    }
}
