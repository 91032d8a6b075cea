using System.Text.Json.Nodes;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Sweeps;
using CliProcess = CoToSweep.EndToEnd.Tests.Cli;

namespace CoToSweep.Web.Tests;

/// <summary>
/// Pause, a coordinator killed while paused, a restart that stays paused (the state comes from the journal), resume:
/// a paused sweep leases nothing, its running trials finish, and resume runs the rest. On the way: <c>status --json</c>
/// and <c>GET /api/sweeps</c> print the same objects, and the event stream delivers trial completions.
/// </summary>
public sealed class PauseResumeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cotosweep-web-");

    private const string Sweep = """
        name: pausing
        trial: { kind: noop, sleep_ms: 1500 }
        objective: { metric: score, direction: maximize }
        search:
          algorithm: random
          max_trials: 10
          space:
            x: { uniform: [0, 1] }
        """;

    private string StateDir => Path.Combine(_dir.FullName, "state");

    public void Dispose() => _dir.Delete(recursive: true);

    private Task<ApiServer> StartAsync() => ApiServer.StartAsync(_dir.FullName, StateDir, "run", "pausing.yaml", "--no-live", "--workers", "2");

    private IReadOnlyList<ISweepEvent> Journal(string id) =>
        new SqliteJournalReader(StateDirectory.JournalPath(StateDir)).Events(SweepCoordinator.PersistenceIdFor(id));

    /// <summary>Nothing was leased after the pause: no trial started after the last <c>SweepPaused</c>.</summary>
    private void AssertNothingLeasedSincePause(string id)
    {
        var events = Journal(id);
        var paused = events.ToList().FindLastIndex(e => e is SweepEvents.SweepPaused);
        Assert.True(paused >= 0, "no SweepPaused journaled");
        Assert.DoesNotContain(events.Skip(paused + 1), e => e is SweepEvents.TrialStarted);
    }

    /// <summary>Both slots have asked for work since their last heartbeat (so each was refused a lease) and nothing runs.</summary>
    private static Task SlotsRefused(ApiServer server) =>
        server.UntilAsync("api/cluster", c => c["slots"]!.AsArray() is { Count: 2 } slots && slots.All(s => s!["sweep"] is null),
            "both slots idle");

    [Fact]
    public async Task Pause_stops_leasing_across_a_restart_and_resume_runs_the_rest()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "pausing.yaml"), Sweep);
        string id;
        using (var server = await StartAsync())
        {
            id = (await server.GetJsonAsync("api/sweeps"))[0]!["id"]!.GetValue<string>();
            await server.UntilAsync($"api/sweeps/{id}", s => s["trials"]!["completed"]!.GetValue<int>() >= 2, "two completed trials");
            var paused = await server.Client.PostAsync($"api/sweeps/{id}/pause", null);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, paused.StatusCode);
            Assert.Equal("paused", JsonNode.Parse(await paused.Content.ReadAsStringAsync())!["state"]!.GetValue<string>());

            // Running trials finish normally; then the slots ask, and get nothing.
            var after = await server.UntilAsync($"api/sweeps/{id}", s => s["trials"]!["running"]!.GetValue<int>() == 0, "running trials to finish");
            Assert.Equal("paused", after["state"]!.GetValue<string>());
            Assert.True(after["paused"]!.GetValue<bool>());
            await SlotsRefused(server);
            AssertNothingLeasedSincePause(id);
            Assert.True(after["trials"]!["completed"]!.GetValue<int>() < 10);

            // The same moment through the CLI and the API (nothing changes while paused and idle).
            var status = await CliProcess.RunAsync(_dir.FullName, "status", "--json", "--state", StateDir);
            Assert.Equal(0, status.ExitCode);
            var api = await server.GetJsonAsync("api/sweeps");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(status.Stdout), api), $"status --json:\n{status.Stdout}\nGET /api/sweeps:\n{api.ToJsonString()}");
            Assert.Contains("paused", (await CliProcess.RunAsync(_dir.FullName, "status", "--state", StateDir)).Stdout);

            // The trial table: filtered by status, sorted by the objective (descending), paged; a trial's curve.
            var completed = after["trials"]!["completed"]!.GetValue<int>();
            var page = await server.GetJsonAsync($"api/sweeps/{id}/trials?status=completed&sort=objective&desc=true&limit=2");
            Assert.Equal((completed, 2), (page["total"]!.GetValue<int>(), page["items"]!.AsArray().Count));
            var objectives = page["items"]!.AsArray().Select(t => t!["objective"]!.GetValue<double>()).ToList();
            Assert.True(objectives[0] >= objectives[1], string.Join(", ", objectives));
            Assert.Equal(after["best"]!["trial"]!.GetValue<string>(), page["items"]![0]!["id"]!.GetValue<string>());
            var rest = await server.GetJsonAsync($"api/sweeps/{id}/trials?status=completed&sort=objective&desc=true&offset=2&limit=1000");
            Assert.Equal(completed - 2, rest["items"]!.AsArray().Count);
            var best = page["items"]![0]!["id"]!.GetValue<string>();
            Assert.Equal(best, (await server.GetJsonAsync($"api/sweeps/{id}/trials?q={best}"))["items"]![0]!["id"]!.GetValue<string>());
            var curve = await server.GetJsonAsync($"api/sweeps/{id}/trials/{best}/curve");
            Assert.Equal(best, curve["trial"]!.GetValue<string>());
            Assert.NotNull(curve["points"]!.AsArray());

            server.Process.Process.Kill(entireProcessTree: true);   // the coordinator dies while the sweep is paused
            await server.Process.Process.WaitForExitAsync();
        }

        using (var server = await StartAsync())
        {
            // Recovered from the journal: still paused, and the slots of the new run are refused too.
            var recovered = await server.SweepAsync(id);
            Assert.Equal("paused", recovered["state"]!.GetValue<string>());
            await SlotsRefused(server);
            AssertNothingLeasedSincePause(id);

            using var events = new LiveEvents(server, $"api/events?access_token={server.Token}");
            await events.UntilAsync(e => e.Kind == "sweep" && e.Data["id"]!.GetValue<string>() == id, "the sweep's summary on connecting");
            var resumed = await server.Client.PostAsync($"api/sweeps/{id}/resume", null);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, resumed.StatusCode);
            var completion = await events.UntilAsync(e => e.Kind == "trial" && e.Data["status"]!.GetValue<string>() == "completed", "a trial completion event");
            Assert.Equal(id, completion.Data["sweep"]!.GetValue<string>());
            Assert.NotNull(completion.Data["objective"]);

            await server.Process.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            Assert.Equal(0, server.Process.Process.ExitCode);
        }
        var events2 = Journal(id);
        Assert.Equal(10, events2.OfType<SweepEvents.TrialCompleted>().Select(c => c.TrialId).Distinct().Count());
        Assert.Contains(events2.SkipWhile(e => e is not SweepEvents.SweepUnpaused), e => e is SweepEvents.TrialStarted);
    }
}
