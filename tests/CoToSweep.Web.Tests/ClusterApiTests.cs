using System.Net;
using System.Net.Sockets;
using System.Text;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Sweeps;
using CliProcess = CoToSweep.EndToEnd.Tests.Cli;

namespace CoToSweep.Web.Tests;

/// <summary>
/// <c>coordinator --http</c> with a worker node: a sweep submitted with POST runs on the worker, <c>/api/cluster</c> shows
/// both members and the slot's trial, and the coordinator singleton honours pause and resume.
/// </summary>
public sealed class ClusterApiTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cotosweep-web-");

    // Three command trials; each waits for its file gate-x (the test opens them) in the base directory: the server's working directory.
    private const string Sweep = """
        name: cluster-api
        trial:
          kind: command
          command: [sh, -c, "while [ ! -f gate-{x} ]; do sleep 0.05; done; echo \"cotosweep {\\\"val\\\": {x}}\""]
        objective: { metric: val, direction: maximize }
        search:
          space:
            x: [1, 2, 3]
        """;

    public void Dispose()
    {
        try { _dir.Delete(recursive: true); }
        catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Open(params int[] gates)
    {
        foreach (var g in gates) File.WriteAllText(Path.Combine(_dir.FullName, $"gate-{g}"), "");
    }

    [Fact]
    public async Task A_sweep_posted_to_a_coordinator_runs_on_a_worker_and_pauses_and_resumes()
    {
        var port = FreePort();
        var state = Path.Combine(_dir.FullName, "coord");
        using var server = await ApiServer.StartAsync(_dir.FullName, state, "coordinator", "--host", "127.0.0.1", "--port", $"{port}",
            "--artifacts", _dir.FullName + "/a");
        using var worker = new CliProcess.Background(_dir.FullName, "worker", "--join", $"127.0.0.1:{port}", "--host", "127.0.0.1",
            "--cpu-slots", "1", "--state", Path.Combine(_dir.FullName, "w"), "--artifacts", _dir.FullName + "/a");

        var posted = await server.Client.PostAsync("api/sweeps", new StringContent(Sweep, Encoding.UTF8, "application/yaml"));
        Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
        var id = System.Text.Json.Nodes.JsonNode.Parse(await posted.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        Assert.Equal($"/api/sweeps/{id}", posted.Headers.Location?.OriginalString);

        // Two members, and the worker's slot running the first trial (x = 1).
        var cluster = await server.UntilAsync("api/cluster", c => c["members"]!.AsArray().Count(m => m!["status"]!.GetValue<string>() == "up") == 2
            && c["slots"]!.AsArray().Any(s => s!["trial"]?.GetValue<string>() is { } t && t.StartsWith("t0000-", StringComparison.Ordinal)),
            "the worker's slot running the first trial", 90);
        var slot = cluster["slots"]!.AsArray().Single(s => s!["trial"] is not null)!;
        Assert.Equal(id, slot["sweep"]!.GetValue<string>());
        Assert.StartsWith("akka.tcp://cotosweep@127.0.0.1:", slot["node"]!.GetValue<string>());
        Assert.NotNull(slot["since"]);
        Assert.Contains(cluster["members"]!.AsArray(), m => m!["roles"]!.AsArray().Any(r => r!.GetValue<string>() == "worker"));

        Assert.Equal(HttpStatusCode.Accepted, (await server.Client.PostAsync($"api/sweeps/{id}/pause", null)).StatusCode);
        Open(1, 2, 3);   // the running trial finishes; the others would run at once if they were leased
        await server.UntilAsync($"api/sweeps/{id}", s => s["trials"]!["completed"]!.GetValue<int>() == 1 && s["trials"]!["running"]!.GetValue<int>() == 0,
            "the running trial to finish");
        await server.UntilAsync("api/cluster", c => c["slots"]!.AsArray() is { Count: 1 } s && s[0]!["sweep"] is null, "the slot to ask again and get nothing");
        var events = new SqliteJournalReader(StateDirectory.JournalPath(state)).Events(SweepCoordinator.PersistenceIdFor(id));
        Assert.DoesNotContain(events.SkipWhile(e => e is not SweepEvents.SweepPaused), e => e is SweepEvents.TrialStarted);
        Assert.Equal("paused", (await server.SweepAsync(id))["state"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Accepted, (await server.Client.PostAsync($"api/sweeps/{id}/resume", null)).StatusCode);
        var done = await server.UntilAsync($"api/sweeps/{id}", s => s["state"]!.GetValue<string>() == "completed", "the sweep to complete", 90);
        Assert.Equal(3, done["trials"]!["completed"]!.GetValue<int>());
    }
}
