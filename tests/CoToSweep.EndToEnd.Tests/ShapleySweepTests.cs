using CoToSweep.Domain.Analyses;
using System.Diagnostics;
using System.Text.Json;
using CoToSweep.Actors.Coordinator;
using CoToSweep.Actors.Persistence;
using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Sweeps;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using static CoToSweep.Domain.Sweeps.SweepEvents;
using CoToSweep.Tests.Shared;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// <c>analysis.shapley</c> in a real coto sweep on the built CLI: the analysis of the best trial runs after training and
/// the <c>shapley</c> board shows it; a run killed with kill -9 in the middle of the analysis resumes it without
/// redoing any journaled unit or coalition.
/// </summary>
[Collection(nameof(SweepProcesses))]
public sealed class ShapleySweepTests(ITestOutputHelper output) : JournalSweepTest("e2e-shapley-sweep-")
{
    private static readonly string Tiny = TinyCotoSweep.Yaml("tiny-shapley", "{ method: antithetic, samples: 12, seed: 4, unit_draws: 1, top_k: 1 }", "0, 1");

    /// <summary>
    /// 8 adapter groups (q, k, v, o of 2 layers: 256 coalitions), one permutation per unit, on a validation split large
    /// enough that a coalition costs real time: the analysis lasts long enough to be killed after a few units.
    /// </summary>
    private static readonly string Long = TinyCotoSweep.Yaml("long-shapley", "{ method: permutation, samples: 48, seed: 4, unit_draws: 1 }",
        targets: "q, k, v, o", valSize: 500);

    [Fact]
    public async Task Best_trial_is_analysed_and_the_shapley_board_shows_its_groups_with_the_efficiency_check()
    {
        var clock = Stopwatch.StartNew();
        File.WriteAllText(PathOf("tiny.yaml"), Tiny);
        var run = await Cli.RunAsync(Dir.FullName, TimeSpan.FromSeconds(90), "run", "tiny.yaml", "--state", StateDir, "--workers", "2", "--no-live");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        output.WriteLine($"run: {clock.Elapsed.TotalSeconds:F1}s");

        var status = await Cli.RunAsync(Dir.FullName, "status", "--json", "--state", StateDir);
        Assert.True(status.ExitCode == 0, status.Stderr);
        var sweep = Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(status.Stdout)!);
        var id = sweep.GetProperty("id").GetString()!;
        Assert.Equal("completed", sweep.GetProperty("state").GetString());
        Assert.Contains(id, run.Stdout + run.Stderr);

        var board = await Cli.RunAsync(Dir.FullName, "leaderboard", id, "--board", "shapley", "--format", "json", "--state", StateDir);
        Assert.True(board.ExitCode == 0, board.Stderr);
        var rows = JsonSerializer.Deserialize<List<JsonElement>>(board.Stdout)!;
        Assert.Equal(4, rows.Count);
        Assert.Equal(["layer0.q", "layer0.v", "layer1.q", "layer1.v"], rows.Select(r => r.GetProperty("group").GetString()!).Order());
        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.GetProperty("rank").GetInt32()).Order());

        // top_k: 1 → one analysis, of the best trial (by the objective; ties go to the first trial).
        var trial = Assert.Single(rows.Select(r => r.GetProperty("trial").GetString()).Distinct());
        var best = sweep.GetProperty("best");
        Assert.Equal(best.GetProperty("trial").GetString(), trial);
        foreach (var r in rows)
        {
            Assert.Equal("completed", r.GetProperty("status").GetString());
            Assert.Equal("antithetic", r.GetProperty("method").GetString());
            Assert.Equal("all samples drawn", r.GetProperty("reason").GetString());
            Assert.InRange(r.GetProperty("evaluations").GetInt64(), 2, 16);   // at most 2^4 coalitions, v(N) and v(∅) always
            Assert.Equal(12, r.GetProperty("samples").GetInt64());
            var phi = r.GetProperty("phi").GetDouble();
            var se = r.GetProperty("std_error").GetDouble();
            Assert.True(double.IsFinite(phi) && double.IsFinite(se) && se >= 0, $"{r}");
            Assert.True(r.GetProperty("ci_low").GetDouble() <= phi && phi <= r.GetProperty("ci_high").GetDouble(), $"{r}");
            // Antithetic pairs are permutations: efficient per permutation, so Σφ = v(N) − v(∅) up to rounding.
            var gap = r.GetProperty("efficiency_gap").GetDouble();
            Assert.True(Math.Abs(gap) < 1e-9, $"efficiency_gap {gap} in {r}");
            Assert.Equal(r.GetProperty("full_minus_empty").GetDouble(), r.GetProperty("sum_phi").GetDouble(), 1e-9);
        }
        Assert.Equal(rows.Sum(r => r.GetProperty("phi").GetDouble()), rows[0].GetProperty("sum_phi").GetDouble(), 1e-9);
        // v(N) of the analysis is the trial's own val_acc: the unmasked adapter on the same split.
        var trials = await Cli.RunAsync(Dir.FullName, "leaderboard", id, "--format", "json", "--state", StateDir);
        Assert.True(trials.ExitCode == 0, trials.Stderr);
        var analysed = JsonSerializer.Deserialize<List<JsonElement>>(trials.Stdout)!.Single(t => t.GetProperty("trial").GetString() == trial);
        var journal = Events(id);
        // Nothing was lost in this run, so no lease may have expired or been re-queued.
        var requeued = journal.OfType<AnalysisUnitRequeued>().Select(r => $"unit {r.Unit} attempt {r.Attempt}: {r.Reason}").ToList();
        Assert.True(requeued.Count == 0, "units re-queued in an undisturbed run: " + string.Join("; ", requeued));
        Assert.Empty(journal.OfType<TrialRequeued>());
        var doubles = SecondLeases(journal);
        Assert.True(doubles.Count == 0, "leases to a slot that held one: " + string.Join("; ", doubles));
        Assert.Single(journal.OfType<AnalysisPlanned>());
        var completed = Assert.Single(journal.OfType<AnalysisCompleted>());
        Assert.Equal("shapley-" + trial, completed.AnalysisId);
        Assert.Equal(analysed.GetProperty("val_acc").GetDouble(), ((ShapleyResult)completed.Result!).GrandValue, 6);
        Assert.Equal(((ShapleyResult)completed.Result!).GrandValue - ((ShapleyResult)completed.Result!).EmptyValue, rows[0].GetProperty("full_minus_empty").GetDouble(), 12);

        var md = await Cli.RunAsync(Dir.FullName, "leaderboard", id, "--board", "shapley", "--format", "md", "--state", StateDir);
        Assert.True(md.ExitCode == 0, md.Stderr);
        var mdLines = md.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('|')).ToList();
        Assert.Equal(2 + 4, mdLines.Count);                                  // header, separator, one line per group
        Assert.Contains("phi", mdLines[0]);
        Assert.Contains("efficiency_gap", mdLines[0]);
        foreach (var group in new[] { "layer0.q", "layer0.v", "layer1.q", "layer1.v" })
            Assert.Single(mdLines, l => l.Contains($"| {group} |"));
        output.WriteLine($"total: {clock.Elapsed.TotalSeconds:F1}s");
    }

    [Fact]
    public async Task A_bad_analysis_block_gets_one_located_line_exit_2_and_writes_nothing()
    {
        File.WriteAllText(PathOf("bad.yaml"), Tiny.Replace("{ method: antithetic, samples: 12, seed: 4, unit_draws: 1, top_k: 1 }", "{ method: kernel }"));
        var validate = await Cli.RunAsync(Dir.FullName, "validate", "bad.yaml");
        Assert.Equal(2, validate.ExitCode);
        var line = Assert.Single(validate.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bad.yaml:17:22: analysis.shapley.method must be one of ", line);   // file:line:col of the value
        Assert.EndsWith("not 'kernel'", line);
        Assert.Equal("", validate.Stdout);

        var run = await Cli.RunAsync(Dir.FullName, "run", "bad.yaml", "--state", StateDir, "--no-live");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(line, Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.False(Directory.Exists(StateDir));
        Assert.Equal(["bad.yaml"], Dir.EnumerateFileSystemInfos().Select(f => f.Name));   // no ./.cotosweep either
    }

    [Fact]
    public async Task Kill9_mid_analysis_then_run_again_finishes_it_without_redoing_journaled_units()
    {
        var clock = Stopwatch.StartNew();
        File.WriteAllText(PathOf("long.yaml"), Long);
        var id = await SweepIdOf("long.yaml");

        IReadOnlyList<ISweepEvent> beforeKill;
        using (var first = new Cli.Background(Dir.FullName, "run", "long.yaml", "--state", StateDir, "--workers", "2"))
        {
            // stdout is redirected: plain log lines, no live view, without --no-live
            await Until(() =>
            {
                var events = TryEvents(id);
                if (events is null) return false;
                if (events.OfType<AnalysisCompleted>().Any() || events.OfType<AnalysisFailed>().Any())
                    throw new InvalidOperationException($"the analysis ended before the kill point: more work needed\n{first.Output}");
                return events.OfType<AnalysisUnitCompleted>().Count() >= 2;
            }, "2 analysis units to be journaled", first, 90);
            output.WriteLine($"kill at {clock.Elapsed.TotalSeconds:F1}s");
            first.Process.Kill(entireProcessTree: true);   // SIGKILL: no shutdown hook runs
            await first.Process.WaitForExitAsync();
            Assert.Equal(137, first.Process.ExitCode);
            Assert.Contains("planned: shapley of", first.Output);   // plain log lines although --no-live was not given
        }
        beforeKill = Events(id);
        var doneBefore = beforeKill.OfType<AnalysisUnitCompleted>().Select(c => c.Unit).ToHashSet();
        var runningAtKill = beforeKill.OfType<AnalysisUnitStarted>().Select(s => s.Unit).Where(u => !doneBefore.Contains(u)).ToHashSet();
        var knownBefore = beforeKill.OfType<AnalysisUnitCompleted>().SelectMany(c => c.Probes).ToHashSet();
        Assert.True(doneBefore.Count >= 2);
        Assert.Empty(beforeKill.OfType<AnalysisCompleted>());
        Assert.Equal("interrupted", await StateOf());
        output.WriteLine($"status at {clock.Elapsed.TotalSeconds:F1}s");
        output.WriteLine($"before the kill: {doneBefore.Count} units completed, {runningAtKill.Count} running, {knownBefore.Count} coalition values");

        var resumed = await Cli.RunAsync(Dir.FullName, TimeSpan.FromSeconds(120), "run", "long.yaml", "--state", StateDir, "--workers", "2");
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr);
        output.WriteLine($"resumed run done at {clock.Elapsed.TotalSeconds:F1}s");

        var all = Events(id);
        Assert.Equal(beforeKill.Select(e => (e.GetType(), e.At)), all.Take(beforeKill.Count).Select(e => (e.GetType(), e.At)));
        var after = all.Skip(beforeKill.Count).ToList();

        // The trial was not trained again, and its analysis was not planned again.
        Assert.Single(all.OfType<TrialCompleted>());
        var planned = Assert.Single(all.OfType<AnalysisPlanned>());
        Assert.Equal(8, planned.Groups.Count);

        // Exactly one completion of the analysis, after the kill; every unit of it completed exactly once.
        var completed = Assert.Single(all.OfType<AnalysisCompleted>());
        Assert.Contains(completed, after);
        Assert.Equal("all samples drawn", ((ShapleyResult)completed.Result!).StopReason);
        var perUnit = all.OfType<AnalysisUnitCompleted>().GroupBy(c => c.Unit).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perUnit, u => Assert.True(u.Value == 1, $"unit {u.Key} completed {u.Value} times"));
        Assert.Equal(Enumerable.Range(0, ((ShapleyResult)completed.Result!).Units), perUnit.Keys.Order());
        Assert.Equal(48, ((ShapleyResult)completed.Result!).Units);                             // one permutation per unit
        Assert.Empty(all.OfType<AnalysisFailed>());

        // Units completed before the kill were not leased again; the ones running at the kill were, as a new attempt.
        var restarted = after.OfType<AnalysisUnitStarted>().ToList();
        Assert.DoesNotContain(restarted, s => doneBefore.Contains(s.Unit));
        foreach (var unit in runningAtKill)
        {
            var attempt = beforeKill.OfType<AnalysisUnitStarted>().Where(s => s.Unit == unit).Max(s => s.Attempt);
            Assert.Contains(after.OfType<AnalysisUnitRequeued>(), r => r.Unit == unit && r.Attempt == attempt && !r.Fault);
            Assert.Contains(restarted, s => s.Unit == unit && s.Attempt == attempt + 1);
        }
        // …and those are the only re-queued units: the resumed run lost no lease of its own.
        var requeued = after.OfType<AnalysisUnitRequeued>().ToList();
        Assert.True(requeued.Count == runningAtKill.Count && requeued.All(r => r.Reason.StartsWith("interrupted")),
            "re-queued after the resume: " + string.Join("; ", requeued.Select(r => $"unit {r.Unit} attempt {r.Attempt}: {r.Reason}")));
        Assert.Empty(beforeKill.OfType<AnalysisUnitRequeued>());
        // No coalition whose value was journaled before the kill was asked for again.
        var reasked = restarted.SelectMany(s => s.Probes).Where(knownBefore.Contains).Distinct().ToList();
        Assert.True(reasked.Count == 0, $"coalitions evaluated again after the resume: {string.Join(", ", reasked)}");
        Assert.InRange(((ShapleyResult)completed.Result!).Evaluations, 2, 256);
        Assert.Equal(((ShapleyResult)completed.Result!).Evaluations, all.OfType<AnalysisUnitCompleted>().SelectMany(c => c.Probes).Distinct().Count());

        var board = await Cli.RunAsync(Dir.FullName, "leaderboard", id, "--board", "shapley", "--format", "json", "--state", StateDir);
        Assert.True(board.ExitCode == 0, board.Stderr);
        var rows = JsonSerializer.Deserialize<List<JsonElement>>(board.Stdout)!;
        Assert.Equal(8, rows.Count);
        Assert.All(rows, r => Assert.Equal("completed", r.GetProperty("status").GetString()));
        Assert.All(rows, r => Assert.True(Math.Abs(r.GetProperty("efficiency_gap").GetDouble()) < 1e-9, $"{r}"));
        Assert.Equal("completed", await StateOf());
        output.WriteLine($"total: {clock.Elapsed.TotalSeconds:F1}s; {all.Count} events, {((ShapleyResult)completed.Result!).Evaluations} coalitions");

        // A slot runs one thing at a time: no lease was given to a slot that still held one (it would ignore it, and
        // the unit would wait for the lease to expire).
        var doubles = SecondLeases(all);
        Assert.True(doubles.Count == 0, "leases to a slot that held one: " + string.Join("; ", doubles));
    }

    /// <summary>Leases journaled for a worker that still held a lease (trial or analysis unit) at the time.</summary>
    private static List<string> SecondLeases(IEnumerable<ISweepEvent> events)
    {
        var held = new Dictionary<string, string>();   // lease key → worker
        var found = new List<string>();
        void Lease(string key, string worker, DateTimeOffset at)
        {
            var other = held.Where(h => h.Value == worker).Select(h => h.Key).ToList();
            if (other.Count > 0) found.Add($"{key} to {worker} at {at:HH:mm:ss.fff} while it held {string.Join(", ", other)}");
            held[key] = worker;
        }
        foreach (var e in events)
            switch (e)
            {
                case TrialStarted s: Lease(s.TrialId, s.Worker, s.At); break;
                case TrialCompleted c: held.Remove(c.TrialId); break;
                case TrialFailed f: held.Remove(f.TrialId); break;
                case TrialRequeued r: held.Remove(r.TrialId); break;
                case AnalysisUnitStarted s: Lease($"{s.AnalysisId}/u{s.Unit}", s.Worker, s.At); break;
                case AnalysisUnitCompleted c: held.Remove($"{c.AnalysisId}/u{c.Unit}"); break;
                case AnalysisUnitRequeued r: held.Remove($"{r.AnalysisId}/u{r.Unit}"); break;
                case AnalysisCompleted c: foreach (var k in held.Keys.Where(k => k.StartsWith(c.AnalysisId + "/")).ToList()) held.Remove(k); break;
                case AnalysisFailed f: foreach (var k in held.Keys.Where(k => k.StartsWith(f.AnalysisId + "/")).ToList()) held.Remove(k); break;
            }
        return found;
    }
}
