using CoToSweep.Domain.Analyses;
using System.Diagnostics;
using System.Text.Json;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Tests.Shared;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// Analysis units on cluster workers, on real processes on 127.0.0.1: a coordinator (SQLite journal in its state dir)
/// and two worker nodes of one CPU slot each share an artifact dir; worker B is killed with kill -9 while it holds an
/// analysis unit. The coordinator re-queues that unit when B's node leaves the cluster, worker A runs it as the next
/// attempt, and the analysis completes with every unit journaled exactly once.
/// </summary>
[Collection(nameof(ClusterFaultProcesses))]
public sealed class ClusterAnalysisTests(ITestOutputHelper output) : ClusterProcessTest("e2e-cluster-analysis-")
{
    /// <summary>
    /// 8 adapter groups (q, k, v, o of 2 layers), one permutation per unit, on a validation split large enough that a
    /// unit costs real time: B is still inside its unit when it is killed.
    /// </summary>
    private static readonly string Sweep = TinyCotoSweep.Yaml("cluster-shapley", "{ method: permutation, samples: 48, seed: 4, unit_draws: 1 }",
        targets: "q, k, v, o", valSize: 500);

    private string StateDir => PathOf("coord");

    private Cli.Background Coordinator(int port) =>
        Start("coordinator", "--host", "127.0.0.1", "--port", port.ToString(), "--state", StateDir, "--artifacts", PathOf("artifacts"));

    private Cli.Background Worker(int coordinatorPort, int port, string name) =>
        Start("worker", "--join", $"127.0.0.1:{coordinatorPort}", "--host", "127.0.0.1", "--port", port.ToString(), "--cpu-slots", "1",
            "--state", PathOf(name), "--artifacts", PathOf("artifacts"));

    [Fact]
    public async Task A_worker_killed_mid_unit_loses_no_analysis_unit_and_each_completes_once_on_the_survivor()
    {
        var clock = Stopwatch.StartNew();
        var port = ClusterTests.FreePort();
        var coordinator = Coordinator(port);
        await Until(() => coordinator.Output.Contains("Coordinator node listening"), "the coordinator to start");
        var (portA, portB) = (ClusterTests.FreePort(), ClusterTests.FreePort());
        var a = Worker(port, portA, "w1");
        var b = Worker(port, portB, "w2");
        var onA = $"akka.tcp://cotosweep@127.0.0.1:{portA}/";   // slot names start with their node's address
        var onB = $"akka.tcp://cotosweep@127.0.0.1:{portB}/";

        File.WriteAllText(PathOf("sweep.yaml"), Sweep);
        var submitted = await Cli.RunAsync(Dir.FullName, "submit", "sweep.yaml", "--coordinator", $"127.0.0.1:{port}");
        Assert.True(submitted.ExitCode == 0, submitted.Stderr + submitted.Stdout);
        // stdout is the id and nothing else (Akka's shutdown lines once followed it there).
        var id = Assert.Single(submitted.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim();
        Assert.StartsWith("cluster-shapley-", id);

        // B holds a unit: its lease is journaled (the coordinator journals a lease before sending it) and its result is not.
        await Until(() =>
        {
            var events = TryEvents(id);
            if (events is null || !events.OfType<AnalysisPlanned>().Any()) return false;
            if (events.OfType<AnalysisCompleted>().Any() || events.OfType<AnalysisFailed>().Any())
                throw new InvalidOperationException("the analysis ended before B held a unit: units need more work");
            var done = events.OfType<AnalysisUnitCompleted>().Select(c => (c.Unit, c.Attempt)).ToHashSet();
            return events.OfType<AnalysisUnitStarted>().Any(s => s.Worker.StartsWith(onB, StringComparison.Ordinal) && !done.Contains((s.Unit, s.Attempt)));
        }, "an analysis unit to be leased to worker B", 60);
        b.Process.Kill();   // SIGKILL: B's node becomes unreachable, the split-brain resolver downs it
        await b.Process.WaitForExitAsync();
        var killedAt = clock.Elapsed;
        output.WriteLine($"worker B killed at {killedAt.TotalSeconds:F1}s");

        await Until(() => TryEvents(id)?.OfType<SweepCompleted>().Any() == true, "the sweep to complete on worker A", 180);
        output.WriteLine($"sweep completed at {clock.Elapsed.TotalSeconds:F1}s");

        var all = Events(id);
        var status = await Cli.RunAsync(Dir.FullName, "status", "--json", "--state", StateDir);
        Assert.True(status.ExitCode == 0, status.Stderr);
        var sweep = Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(status.Stdout)!);
        Assert.Equal(id, sweep.GetProperty("id").GetString());
        Assert.Equal("completed", sweep.GetProperty("state").GetString());
        Assert.True(Assert.Single(all.OfType<SweepCompleted>()).Succeeded);

        // One analysis, planned once and completed once; every unit 0..N-1 completed exactly once.
        var planned = Assert.Single(all.OfType<AnalysisPlanned>());
        Assert.Equal(8, planned.Groups.Count);
        var completed = Assert.Single(all.OfType<AnalysisCompleted>());
        Assert.Equal(planned.AnalysisId, completed.AnalysisId);
        Assert.Empty(all.OfType<AnalysisFailed>());
        Assert.Equal(48, ((ShapleyResult)completed.Result!).Units);                             // one permutation per unit
        var perUnit = all.OfType<AnalysisUnitCompleted>().GroupBy(c => c.Unit).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perUnit, u => Assert.True(u.Value == 1, $"unit {u.Key} completed {u.Value} times"));
        Assert.Equal(Enumerable.Range(0, ((ShapleyResult)completed.Result!).Units), perUnit.Keys.Order());

        // The units B held at the kill: leased to B, never completed by B (as that attempt).
        var started = all.OfType<AnalysisUnitStarted>().ToList();
        var completions = all.OfType<AnalysisUnitCompleted>().ToDictionary(c => c.Unit);
        var heldByB = started.Where(s => s.Worker.StartsWith(onB, StringComparison.Ordinal) && completions[s.Unit].Attempt != s.Attempt).ToList();
        Assert.True(heldByB.Count > 0, "no unit of B's was lost at the kill: units need more work\n" + Leases(all));
        Assert.All(started, s => Assert.True(s.Worker.StartsWith(onA, StringComparison.Ordinal) || s.Worker.StartsWith(onB, StringComparison.Ordinal), s.Worker));
        var requeued = all.OfType<AnalysisUnitRequeued>().ToList();
        foreach (var lost in heldByB)
        {
            // Re-queued as lost (not a fault of the unit) because B's node left…
            var requeue = Assert.Single(requeued, r => r.Unit == lost.Unit && r.Attempt == lost.Attempt);
            Assert.False(requeue.Fault, requeue.Reason);
            Assert.True(requeue.Reason.Contains("left the cluster") || requeue.Reason.StartsWith("lease expired"), requeue.Reason);
            Assert.True(requeue.At > lost.At, $"unit {lost.Unit} re-queued before it was leased");
            // …and completed by A's slot as a later attempt.
            var done = completions[lost.Unit];
            Assert.True(done.Attempt > lost.Attempt, $"unit {lost.Unit} completed as attempt {done.Attempt} after attempt {lost.Attempt} was lost");
            var rerun = Assert.Single(started, s => s.Unit == lost.Unit && s.Attempt == done.Attempt);
            Assert.StartsWith(onA, rerun.Worker);
            Assert.True(rerun.At > requeue.At);
        }
        // Nothing else was re-queued: A lost no lease of its own, and units B finished were not run again.
        Assert.True(requeued.Count == heldByB.Count,
            "re-queued: " + string.Join("; ", requeued.Select(r => $"unit {r.Unit} attempt {r.Attempt}: {r.Reason}")));
        Assert.Contains("left the cluster", coordinator.Output);
        Assert.Equal(((ShapleyResult)completed.Result!).Evaluations, all.OfType<AnalysisUnitCompleted>().SelectMany(c => c.Probes).Distinct().Count());
        output.WriteLine($"units held by B at the kill: {string.Join(", ", heldByB.Select(s => $"{s.Unit}#{s.Attempt}"))}; " +
                         $"{started.Count(s => s.Worker.StartsWith(onB, StringComparison.Ordinal))} leases to B, {started.Count} in all");

        var board = await Cli.RunAsync(Dir.FullName, "leaderboard", id, "--board", "shapley", "--format", "json", "--state", StateDir);
        Assert.True(board.ExitCode == 0, board.Stderr);
        var rows = JsonSerializer.Deserialize<List<JsonElement>>(board.Stdout)!;
        Assert.Equal(8, rows.Count);
        Assert.All(rows, r => Assert.Equal("completed", r.GetProperty("status").GetString()));
        Assert.All(rows, r => Assert.Equal(planned.TrialIds[0], r.GetProperty("trial").GetString()));
        Assert.Equal(planned.Groups.Order(), rows.Select(r => r.GetProperty("group").GetString()!).Order());
        Assert.All(rows, r => Assert.True(Math.Abs(r.GetProperty("efficiency_gap").GetDouble()) < 1e-9, $"{r}"));
        Assert.False(a.Process.HasExited, "worker A exited\n" + a.Output);
        output.WriteLine($"total: {clock.Elapsed.TotalSeconds:F1}s; {all.Count} events, {((ShapleyResult)completed.Result!).Evaluations} coalitions");
    }

    private static string Leases(IEnumerable<ISweepEvent> events) => string.Join('\n', events.Select(e => e switch
    {
        AnalysisUnitStarted s => $"{s.At:HH:mm:ss.fff} started unit {s.Unit} attempt {s.Attempt} on {s.Worker}",
        AnalysisUnitCompleted c => $"{c.At:HH:mm:ss.fff} completed unit {c.Unit} attempt {c.Attempt}",
        AnalysisUnitRequeued r => $"{r.At:HH:mm:ss.fff} re-queued unit {r.Unit} attempt {r.Attempt}: {r.Reason}",
        _ => null,
    }).Where(l => l is not null));

    private IReadOnlyList<ISweepEvent> Events(string sweepId) =>
        new SqliteJournalReader(StateDirectory.JournalPath(StateDir)).Events(SweepCoordinator.PersistenceIdFor(sweepId));

    /// <summary>The journal read (read-only) while the coordinator writes it; null if SQLite is busy just then.</summary>
    private IReadOnlyList<ISweepEvent>? TryEvents(string sweepId)
    {
        try { return Events(sweepId); }
        catch (SqliteException) { return null; }
    }

    /// <summary>Like <see cref="Cli.Until"/>, but a timeout carries the tail of every node's log.</summary>
    private Task Until(Func<bool> condition, string what, int seconds = 60) => Explained(Cli.Until(condition, what, seconds));
}
