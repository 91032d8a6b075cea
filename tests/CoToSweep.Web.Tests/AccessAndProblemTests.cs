using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CliProcess = CoToSweep.EndToEnd.Tests.Cli;

namespace CoToSweep.Web.Tests;

/// <summary>
/// On one embedded run with <c>--http</c> (a real Kestrel server on 127.0.0.1): every mutation needs the token, reads too
/// (no <c>--http-read-open</c>), and every client mistake is an RFC 7807 problem with a 4xx status.
/// </summary>
public sealed class AccessAndProblemTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cotosweep-web-");
    private ApiServer _server = null!;
    private string _id = null!;

    // Trials that take long: the run stays up for the whole test, and nothing it does matters here.
    private const string Sweep = """
        name: guarded
        trial: { kind: noop, sleep_ms: 600000 }
        objective: { metric: score, direction: maximize }
        search:
          algorithm: random
          max_trials: 4
          space:
            x: { uniform: [0, 1] }
        """;

    private const string Other = """
        name: other
        trial: { kind: noop }
        objective: { metric: score, direction: maximize }
        search: { algorithm: random, max_trials: 2, space: { x: { uniform: [0, 1] } } }
        """;

    // At least two problems: an unknown key (with a suggestion) and a bad direction, each with its position.
    private const string Bad = """
        name: bad
        trial: { kind: noop }
        objective: { metric: score, direction: upwards }
        search:
          algorithm: random
          max_trial: 2
          space:
            x: { uniform: [0, 1] }
        """;

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "guarded.yaml"), Sweep);
        _server = await ApiServer.StartAsync(_dir.FullName, Path.Combine(_dir.FullName, "state"), "run", "guarded.yaml", "--no-live", "--workers", "1");
        _id = (await _server.GetJsonAsync("api/sweeps"))[0]!["id"]!.GetValue<string>();
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        _dir.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private static async Task<JsonObject> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        Assert.DoesNotContain("   at ", text);   // never a stack trace
        return problem;
    }

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    [Fact]
    public async Task Every_mutation_without_the_token_is_401_and_changes_nothing()
    {
        string[] mutations = ["api/sweeps", $"api/sweeps/{_id}/pause", $"api/sweeps/{_id}/resume", $"api/sweeps/{_id}/cancel"];
        foreach (var path in mutations)
        {
            await Problem(await _server.Anonymous.PostAsync(path, Yaml(Other)), HttpStatusCode.Unauthorized);
            using var wrong = new HttpRequestMessage(HttpMethod.Post, path) { Content = Yaml(Other) };
            wrong.Headers.Authorization = new("Bearer", "not-the-token-at-all");
            await Problem(await _server.Anonymous.SendAsync(wrong), HttpStatusCode.Unauthorized);
            // A token in the query string is for event streams (GET) only.
            await Problem(await _server.Anonymous.PostAsync($"{path}?access_token={_server.Token}", Yaml(Other)), HttpStatusCode.Unauthorized);
        }
        var sweeps = (await _server.GetJsonAsync("api/sweeps")).AsArray();
        Assert.Equal([_id], sweeps.Select(s => s!["id"]!.GetValue<string>()));
        Assert.Equal("running", sweeps[0]!["state"]!.GetValue<string>());
        Assert.False(sweeps[0]!["paused"]!.GetValue<bool>());

        // Reads need it too unless --http-read-open; ?access_token= serves EventSource, which cannot set headers.
        await Problem(await _server.Anonymous.GetAsync("api/sweeps"), HttpStatusCode.Unauthorized);
        await Problem(await _server.Anonymous.GetAsync("openapi/v1.json"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync($"api/sweeps?access_token={_server.Token}")).StatusCode);

        var token = new FileInfo(Path.Combine(_dir.FullName, "state", "http-token"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, token.UnixFileMode);
        Assert.Matches("^[0-9a-f]{64}$", _server.Token);
    }

    [Fact]
    public async Task A_bad_sweep_file_gets_the_positioned_problems_validate_prints()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "bad.yaml"), Bad);
        var validate = await CliProcess.RunAsync(_dir.FullName, "validate", "bad.yaml");
        Assert.Equal(2, validate.ExitCode);

        var problem = await Problem(await _server.Client.PostAsync("api/sweeps?file=bad.yaml", Yaml(Bad)), HttpStatusCode.BadRequest);
        Assert.Equal(validate.Stderr.Trim().Split('\n').Select(l => l.Trim()), problem["detail"]!.GetValue<string>().Split('\n'));
        var errors = problem["errors"]!.AsArray();
        Assert.Equal(validate.Stderr.Trim().Split('\n').Length, errors.Count);
        Assert.True(errors.Count >= 2, "both mistakes are reported");
        Assert.All(errors, e =>
        {
            Assert.Equal("bad.yaml", e!["file"]!.GetValue<string>());
            Assert.Contains($"bad.yaml:{e["line"]}:{e["col"]}: {e["message"]}", validate.Stderr);
        });

        // YAML that does not parse, the same as JSON; a body of another type; JSON without the file.
        await Problem(await _server.Client.PostAsync("api/sweeps", Yaml("name: [unclosed\n  trial: {")), HttpStatusCode.BadRequest);
        await Problem(await _server.Client.PostAsync("api/sweeps", new StringContent("{\"yaml\": ", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await Problem(await _server.Client.PostAsync("api/sweeps", new StringContent("{}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await Problem(await _server.Client.PostAsync("api/sweeps", new ByteArrayContent([1, 2, 3])), HttpStatusCode.UnsupportedMediaType);
        // The embedded run serves its own sweep only; its own file again is accepted (idempotent).
        await Problem(await _server.Client.PostAsync("api/sweeps", Yaml(Other)), HttpStatusCode.Conflict);
        var again = await _server.Client.PostAsync("api/sweeps", Yaml(Sweep));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal($"/api/sweeps/{_id}", again.Headers.Location?.OriginalString);
        Assert.Equal("4", JsonNode.Parse(await again.Content.ReadAsStringAsync())!["trials"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_input_unknown_ids_and_boards_and_big_bodies_are_4xx_problems()
    {
        var json = (string body) => new StringContent(body, Encoding.UTF8, "application/json");
        await Problem(await _server.Client.PostAsync($"api/sweeps/{_id}/pause", json("{reason: oops")), HttpStatusCode.BadRequest);
        await Problem(await _server.Client.PostAsync($"api/sweeps/{_id}/pause", json("[1, 2")), HttpStatusCode.BadRequest);
        await Problem(await _server.Client.GetAsync("api/sweeps/no-such-sweep"), HttpStatusCode.NotFound);
        await Problem(await _server.Client.GetAsync("api/sweeps/no-such-sweep/trials"), HttpStatusCode.NotFound);
        await Problem(await _server.Client.PostAsync("api/sweeps/no-such-sweep/pause", null), HttpStatusCode.NotFound);
        await Problem(await _server.Client.GetAsync($"api/sweeps/{_id}/trials/t9999-s0/curve"), HttpStatusCode.NotFound);
        await Problem(await _server.Client.GetAsync($"api/sweeps/{_id}/boards/shapley"), HttpStatusCode.NotFound);   // no shapley analysis
        await Problem(await _server.Client.GetAsync($"api/sweeps/{_id}/boards/nonsense"), HttpStatusCode.BadRequest);
        await Problem(await _server.Client.GetAsync($"api/sweeps/{_id}/boards/trials?format=xml"), HttpStatusCode.BadRequest);
        await Problem(await _server.Client.GetAsync($"api/sweeps/{_id}/boards/trials?metrics=nope"), HttpStatusCode.BadRequest);
        await Problem(await _server.Client.GetAsync($"api/sweeps/{_id}/trials?limit=abc"), HttpStatusCode.BadRequest);
        await Problem(await _server.Client.GetAsync($"api/sweeps/{_id}/trials?limit=5000"), HttpStatusCode.BadRequest);
        await Problem(await _server.Client.GetAsync($"api/sweeps/{_id}/trials?sort=nope"), HttpStatusCode.BadRequest);
        await Problem(await _server.Client.GetAsync("api/nothing-here"), HttpStatusCode.NotFound);
        await Problem(await _server.Client.PostAsync("api/sweeps", Yaml("# " + new string('x', 2 << 20))), HttpStatusCode.RequestEntityTooLarge);
        await Problem(await _server.Client.PostAsync($"api/sweeps/{_id}/resume", null), HttpStatusCode.Conflict);   // not paused

        // Reads that work: the board is the CLI's text, the OpenAPI document lists the routes.
        var board = await _server.Client.GetStringAsync($"api/sweeps/{_id}/boards/trials?format=csv");
        Assert.Equal((await CliProcess.RunAsync(_dir.FullName, "leaderboard", _id, "--format", "csv", "--state", "state")).Stdout, board);
        var openapi = await _server.GetJsonAsync("openapi/v1.json");
        Assert.NotNull(openapi["paths"]!["/api/sweeps/{id}/trials"]);
    }
}
