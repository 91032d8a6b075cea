using System.Text.Json;
using System.Text.Json.Serialization;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;
using static CoToSweep.Domain.Tests.Sweeps.SweepFiles;

namespace CoToSweep.Domain.Tests.Sweeps;

public class SweepStateTests
{
    private const string Root = "/artifacts";
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyDictionary<string, double> Score = new Dictionary<string, double> { ["score"] = 1.0 };

    private static readonly JsonSerializerOptions Snake = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static string Json(SweepState s) => JsonSerializer.Serialize(s, Snake);

    /// <summary>A command sweep of 3 configurations × 2 seeds (6 trials) with the given top-level extras.</summary>
    private static SweepDefinition Definition(string extra = "", string search = "seeds: [0, 1]\nspace:\n  x: [1, 2, 3]") =>
        Valid(Command(search, extra));

    /// <summary>Drives a state the way the coordinator does: process a command, apply its events, keep the journal.</summary>
    private sealed class Sweep(SweepDefinition d) : SweepDriver(d, T0)
    {
        public TrialStarted? Lease(string worker = "w1") => Do(new LeaseTrial(worker, Root, Now)).OfType<TrialStarted>().SingleOrDefault();
        public IReadOnlyList<ISweepEvent> Complete(string trial, int attempt, double score = 1) =>
            Do(new CompleteTrial(trial, attempt, new Dictionary<string, double> { ["score"] = score }, score, Now));
        public IReadOnlyList<ISweepEvent> Fault(string trial, int attempt) => Do(new FailTrial(trial, attempt, "exit code 1", true, Now));
        public IReadOnlyList<ISweepEvent> Lose(string trial, int attempt) => Do(new FailTrial(trial, attempt, "worker lost", false, Now));
        public IReadOnlyList<ISweepEvent> Resume() => Do(new ResumeSweep(Now));
        public TrialRecord this[string id] => State.Trials[id];
    }

    [Fact]
    public void Submit_plans_every_trial_and_a_resubmission_changes_nothing()
    {
        var d = Definition();
        var s = new Sweep(d);
        Assert.Collection(s.Journal, e => Assert.IsType<SweepSubmitted>(e), e => Assert.Equal(6, Assert.IsType<TrialsPlanned>(e).Trials.Count));
        Assert.Equal(SweepPhase.Running, s.State.Phase);
        Assert.Equal(d.Id, s.State.Id);
        Assert.Equal(6, s.State.Count(TrialStatus.Pending));
        Assert.Equal(["t0000-s0", "t0000-s1", "t0001-s0", "t0001-s1", "t0002-s0", "t0002-s1"], s.State.Order);
        Assert.Empty(s.Do(new SubmitSweep(d, T0.AddHours(1))));
    }

    [Fact]
    public void Leases_take_pending_trials_in_planned_order_with_artifact_dirs_per_attempt()
    {
        var s = new Sweep(Definition());
        var leases = new[] { s.Lease("a")!, s.Lease("b")!, s.Lease("a")! };
        Assert.Equal(["t0000-s0", "t0000-s1", "t0001-s0"], leases.Select(l => l.TrialId));
        Assert.All(leases, l => Assert.Equal(1, l.Attempt));
        Assert.Equal(Path.Combine(Root, s.State.Id, "t0000-s1", "attempt-1"), leases[1].ArtifactDir);
        Assert.Equal("b", s["t0000-s1"].Worker);
        Assert.Equal((3, 3), (s.State.Count(TrialStatus.Running), s.State.Count(TrialStatus.Pending)));

        // a re-queued trial goes back to its planned place, ahead of later ones, as the next attempt
        s.Lose("t0000-s1", 1);
        var again = s.Lease("c")!;
        Assert.Equal(("t0000-s1", 2), (again.TrialId, again.Attempt));
        Assert.Equal(Path.Combine(Root, s.State.Id, "t0000-s1", "attempt-2"), again.ArtifactDir);
        Assert.Equal(Path.Combine(Root, s.State.Id, "t0000-s1", "attempt-2"), s["t0000-s1"].ArtifactDir);
    }

    [Fact]
    public void Max_concurrent_caps_the_leases()
    {
        var s = new Sweep(Definition(search: "max_concurrent: 2\nseeds: [0, 1]\nspace:\n  x: [1, 2, 3]"));
        var a = s.Lease()!;
        Assert.NotNull(s.Lease());
        Assert.Null(s.Lease());
        Assert.Null(s.Lease("another-worker"));
        s.Complete(a.TrialId, 1);
        Assert.Equal("t0001-s0", s.Lease()!.TrialId);
        Assert.Null(s.Lease());
    }

    [Fact]
    public void A_second_completion_of_a_trial_changes_nothing()
    {
        var s = new Sweep(Definition());
        var a = s.Lease()!;
        Assert.IsType<TrialCompleted>(Assert.Single(s.Complete(a.TrialId, 1, 0.5)));
        var before = Json(s.State);
        Assert.Empty(s.Complete(a.TrialId, 1, 0.9));
        Assert.Empty(s.State.Process(new CompleteTrial(a.TrialId, 1, Score, 1, T0.AddDays(1))));
        Assert.Equal(before, Json(s.State));
        Assert.Equal(0.5, s[a.TrialId].Objective);
        Assert.Empty(s.Complete("t9999-s0", 1));   // an unknown trial too
    }

    [Fact]
    public void A_completion_from_an_older_attempt_after_the_newer_one_completed_changes_nothing()
    {
        var s = new Sweep(Definition());
        var first = s.Lease()!;
        s.Lose(first.TrialId, 1);
        var second = s.Lease()!;
        Assert.Equal((first.TrialId, 2), (second.TrialId, second.Attempt));
        Assert.Single(s.Complete(first.TrialId, 2, 0.7));
        var before = Json(s.State);
        Assert.Empty(s.Complete(first.TrialId, 1, 0.1));
        Assert.Equal(before, Json(s.State));
        Assert.Equal(0.7, s[first.TrialId].Objective);
    }

    [Fact]
    public void A_cancelled_sweep_ends_its_running_trials_leases_nothing_and_stays_cancelled()
    {
        var s = new Sweep(Definition());
        var running = new[] { s.Lease()!, s.Lease()! };
        Assert.Single(s.Complete(running[0].TrialId, 1, 0.5));
        var cancelled = Assert.IsType<SweepCancelled>(Assert.Single(s.Do(new CancelSweep("by the user", s.Now))));
        Assert.Equal("by the user", cancelled.Reason);
        Assert.Equal(SweepPhase.Cancelled, s.State.Phase);
        Assert.True(s.State.IsFinished);
        Assert.False(s.State.HasWork);
        // the trial that ran counts as pending again, with why; the completed one keeps its result
        Assert.Equal((0, 5, 1), (s.State.Count(TrialStatus.Running), s.State.Count(TrialStatus.Pending), s.State.Count(TrialStatus.Completed)));
        Assert.StartsWith("cancelled while running", s[running[1].TrialId].Reason);
        Assert.Null(s.Lease());
        Assert.Empty(s.Lose(running[1].TrialId, 1));   // the stopped attempt's report changes nothing
        Assert.Empty(s.Resume());
        Assert.Empty(s.Do(new CancelSweep("again", s.Now)));
        Assert.Equal(Json(s.State), Json(SweepState.Replay(s.State.Id, s.Journal)));
    }

    [Fact]
    public void A_paused_sweep_leases_nothing_lets_running_trials_finish_and_unpausing_leases_again()
    {
        var s = new Sweep(Definition());
        var running = s.Lease()!;
        var paused = Assert.IsType<SweepPaused>(Assert.Single(s.Do(new PauseSweep("by the user", s.Now))));
        Assert.Equal("by the user", paused.Reason);
        Assert.True(s.State.Paused);
        Assert.False(s.State.HasWork);
        Assert.Null(s.Lease());
        Assert.Empty(s.Do(new PauseSweep("again", s.Now)));
        Assert.Single(s.Complete(running.TrialId, 1));   // the running trial finishes normally
        Assert.Equal(SweepPhase.Running, s.State.Phase);
        Assert.Empty(s.Resume());   // a coordinator restart requeues nothing and stays paused
        Assert.True(s.State.Paused);
        Assert.Null(s.Lease());

        Assert.IsType<SweepUnpaused>(Assert.Single(s.Do(new UnpauseSweep(s.Now))));
        Assert.False(s.State.Paused);
        Assert.True(s.State.HasWork);
        Assert.NotNull(s.Lease());
        Assert.Empty(s.Do(new UnpauseSweep(s.Now)));   // not paused
        Assert.Equal(Json(s.State), Json(SweepState.Replay(s.State.Id, s.Journal)));
    }

    [Fact]
    public void A_finished_or_cancelled_sweep_cannot_be_paused()
    {
        var s = new Sweep(Definition(search: "space:\n  x: [1]"));
        Assert.Contains(s.Complete(s.Lease()!.TrialId, 1), e => e is SweepCompleted);
        Assert.Empty(s.Do(new PauseSweep("too late", s.Now)));
        var c = new Sweep(Definition());
        Assert.Single(c.Do(new PauseSweep("first", c.Now)));
        Assert.Single(c.Do(new CancelSweep("a paused sweep can be cancelled", c.Now)));
        Assert.Empty(c.Do(new UnpauseSweep(c.Now)));
        Assert.Equal(SweepPhase.Cancelled, c.State.Phase);
    }

    [Fact]
    public void A_finished_sweep_cannot_be_cancelled()
    {
        var s = new Sweep(Definition(search: "space:\n  x: [1]"));
        Assert.Contains(s.Complete(s.Lease()!.TrialId, 1), e => e is SweepCompleted);
        Assert.Empty(s.Do(new CancelSweep("too late", s.Now)));
        Assert.Equal(SweepPhase.Completed, s.State.Phase);
    }

    [Fact]
    public void A_late_completion_of_a_requeued_trial_is_accepted_once()
    {
        var s = new Sweep(Definition());
        var lost = s.Lease()!;
        Assert.IsType<TrialRequeued>(Assert.Single(s.Lose(lost.TrialId, 1)));
        Assert.Equal(TrialStatus.Pending, s[lost.TrialId].Status);

        // the worker thought lost comes back with its result: the first completion journaled wins
        Assert.IsType<TrialCompleted>(Assert.Single(s.Complete(lost.TrialId, 1, 0.3)));
        Assert.Equal(TrialStatus.Completed, s[lost.TrialId].Status);
        Assert.Equal(5, s.State.Count(TrialStatus.Pending));
        Assert.Empty(s.Complete(lost.TrialId, 1, 0.4));
        Assert.NotEqual(lost.TrialId, s.Lease()!.TrialId);   // not leased again
        Assert.Equal(0.3, s[lost.TrialId].Objective);
    }

    [Fact]
    public void Reports_and_failures_of_a_stale_attempt_are_ignored()
    {
        var s = new Sweep(Definition());
        var a = s.Lease()!;
        Assert.IsType<TrialReported>(Assert.Single(s.Do(new ReportProgress(a.TrialId, 1, 10, Score, s.Now))));
        s.Lose(a.TrialId, 1);
        s.Lease();
        Assert.Empty(s.Do(new ReportProgress(a.TrialId, 1, 20, Score, s.Now)));
        Assert.Empty(s.Fault(a.TrialId, 1));
        Assert.Empty(s.Lose(a.TrialId, 1));
        Assert.Equal([10L], s[a.TrialId].Curve.Select(p => p.Step));
        Assert.Equal((TrialStatus.Running, 2), (s[a.TrialId].Status, s[a.TrialId].Attempt));
    }

    [Fact]
    public void Retries_two_means_two_faults_requeue_and_the_third_is_final()
    {
        var s = new Sweep(Definition("retries: 2\n"));
        const string id = "t0000-s0";
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var lease = s.Lease()!;
            Assert.Equal((id, attempt), (lease.TrialId, lease.Attempt));
            var failed = Assert.IsType<TrialFailed>(Assert.Single(s.Fault(id, attempt)));
            Assert.Equal(attempt == 3, failed.Final);
            Assert.Equal(attempt == 3 ? TrialStatus.Failed : TrialStatus.Pending, s[id].Status);
            Assert.Equal(attempt, s[id].Failures);
        }
        Assert.Equal("t0000-s1", s.Lease()!.TrialId);
    }

    [Fact]
    public void Retries_zero_makes_the_first_fault_final()
    {
        var s = new Sweep(Definition());
        s.Lease();
        Assert.True(Assert.IsType<TrialFailed>(Assert.Single(s.Fault("t0000-s0", 1))).Final);
    }

    [Fact]
    public void Lost_attempts_do_not_use_retries_but_stop_at_max_attempts()
    {
        var s = new Sweep(Definition("retries: 1\nmax_attempts: 3\n"));
        const string id = "t0000-s0";
        s.Lease(); Assert.IsType<TrialRequeued>(Assert.Single(s.Lose(id, 1)));
        s.Lease(); Assert.IsType<TrialRequeued>(Assert.Single(s.Lose(id, 2)));
        Assert.Equal(0, s[id].Failures);
        s.Lease();
        var gaveUp = Assert.IsType<TrialFailed>(Assert.Single(s.Lose(id, 3)));
        Assert.True(gaveUp.Final);
        Assert.Contains("max_attempts", gaveUp.Reason);
        Assert.Equal(TrialStatus.Failed, s[id].Status);

        // two lost attempts leave the retry budget whole: a fault on attempt 3 is not final
        var t = new Sweep(Definition("retries: 1\nmax_attempts: 5\n"));
        t.Lease(); t.Lose(id, 1);
        t.Lease(); t.Lose(id, 2);
        t.Lease();
        Assert.False(Assert.IsType<TrialFailed>(Assert.Single(t.Fault(id, 3))).Final);
        Assert.Equal(4, t.Lease()!.Attempt);
        Assert.True(Assert.IsType<TrialFailed>(Assert.Single(t.Fault(id, 4))).Final);
    }

    [Fact]
    public void Resume_requeues_running_trials_as_their_next_attempt()
    {
        var s = new Sweep(Definition());
        s.Lease("a"); s.Lease("b");
        s.Complete("t0000-s1", 1);
        var events = s.Resume();
        Assert.Equal(["t0000-s0"], events.Cast<TrialRequeued>().Select(e => e.TrialId));
        Assert.Equal(0, s.State.Count(TrialStatus.Running));
        Assert.Equal(5, s.State.Count(TrialStatus.Pending));
        var again = s.Lease("c")!;
        Assert.Equal(("t0000-s0", 2), (again.TrialId, again.Attempt));
        Assert.EndsWith("attempt-2", again.ArtifactDir);
        Assert.Equal(0, s["t0000-s0"].Failures);
        Assert.Empty(new Sweep(Definition()).Resume());   // nothing running: nothing to do
    }

    [Fact]
    public void Resume_at_max_attempts_gives_up_and_can_finish_the_sweep()
    {
        var s = new Sweep(Definition("max_attempts: 1\n", "space:\n  x: [1]"));
        s.Lease();
        var events = s.Resume();
        Assert.True(Assert.IsType<TrialFailed>(events[0]).Final);
        Assert.False(Assert.IsType<SweepCompleted>(events[1]).Succeeded);
        Assert.Equal(SweepPhase.Failed, s.State.Phase);
    }

    [Fact]
    public void Sweep_completed_appears_exactly_once_when_the_last_trial_ends()
    {
        var s = new Sweep(Definition("retries: 1\n"));
        Assert.DoesNotContain(s.Complete(s.Lease()!.TrialId, 1), e => e is SweepCompleted);
        Assert.DoesNotContain(s.Complete(s.Lease()!.TrialId, 1), e => e is SweepCompleted);
        var faulted = s.Lease()!;
        Assert.DoesNotContain(s.Fault(faulted.TrialId, 1), e => e is SweepCompleted);
        var retried = s.Lease()!;
        Assert.Equal((faulted.TrialId, 2), (retried.TrialId, retried.Attempt));   // back in its planned place
        Assert.DoesNotContain(s.Complete(retried.TrialId, 2), e => e is SweepCompleted);
        Assert.DoesNotContain(s.Complete(s.Lease()!.TrialId, 1), e => e is SweepCompleted);
        Assert.DoesNotContain(s.Complete(s.Lease()!.TrialId, 1), e => e is SweepCompleted);
        var last = s.Lease()!;
        var final = s.Complete(last.TrialId, 1);
        Assert.Equal(2, final.Count);
        Assert.True(Assert.IsType<SweepCompleted>(final[1]).Succeeded);
        Assert.Equal(SweepPhase.Completed, s.State.Phase);

        Assert.Null(s.Lease());
        Assert.Empty(s.Complete(last.TrialId, 1));
        Assert.Empty(s.Resume());
        Assert.Single(s.Journal.OfType<SweepCompleted>());
    }

    [Fact]
    public void A_sweep_where_no_trial_completed_ends_failed()
    {
        var s = new Sweep(Definition(search: "seeds: [0, 1]\nspace:\n  x: [1]"));
        s.Lease(); s.Lease();
        Assert.DoesNotContain(s.Fault("t0000-s0", 1), e => e is SweepCompleted);
        var events = s.Fault("t0000-s1", 1);
        Assert.False(Assert.IsType<SweepCompleted>(events[^1]).Succeeded);
        Assert.Equal(SweepPhase.Failed, s.State.Phase);
        Assert.Null(s.State.Best);
    }

    [Fact]
    public void Best_follows_the_objective_direction_ties_to_the_earlier_trial()
    {
        var s = new Sweep(Definition());
        foreach (var score in new[] { 0.2, 0.9, 0.9, 0.1 }) s.Complete(s.Lease()!.TrialId, 1, score);
        Assert.Equal("t0000-s1", s.State.Best!.Id);

        var m = new Sweep(Valid(Command("space:\n  x: [1, 2, 3]").Replace("maximize", "minimize")));
        foreach (var score in new[] { 0.2, 0.1, 0.3 }) m.Complete(m.Lease()!.TrialId, 1, score);
        Assert.Equal("t0001-s", m.State.Best!.Id[..7]);
    }

    [Theory]
    [InlineData(1, "maximize")]
    [InlineData(2, "maximize")]
    [InlineData(3, "minimize")]
    [InlineData(4, "minimize")]
    public void Best_is_the_first_of_the_ranking_at_every_step(int seed, string direction)
    {
        // Ties, NaN, infinities, completions with no objective and failures, in a random completion order.
        var values = new double?[] { 0.5, 0.5, 0.25, double.NaN, double.PositiveInfinity, double.NegativeInfinity, null, 1, 0 };
        var s = new Sweep(Valid(Command("seeds: [0, 1, 2, 3, 4, 5]\nspace:\n  x: [1, 2, 3, 4, 5, 6]").Replace("maximize", direction)));
        var random = new Random(seed);
        var leased = new List<TrialStarted>();
        while (s.Lease() is { } l) leased.Add(l);
        foreach (var l in leased.OrderBy(_ => random.Next()))
        {
            if (random.Next(6) == 0) s.Fault(l.TrialId, l.Attempt);
            else
            {
                var v = values[random.Next(values.Length)];
                s.Do(new CompleteTrial(l.TrialId, l.Attempt, v is { } x ? new Dictionary<string, double> { ["score"] = x } : [], v, s.Now));
            }
            Assert.Equal(s.State.Ranked().FirstOrDefault()?.Id, s.State.Best?.Id);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Replay_of_the_journal_equals_the_live_state(int seed)
    {
        var s = new Sweep(Definition("retries: 1\nmax_attempts: 3\n", "max_concurrent: 3\nseeds: [0, 1]\nspace:\n  x: [1, 2, 3, 4]"));
        var rng = new Random(seed);
        var workers = new[] { "w0", "w1", "w2", "w3" };
        var seen = new HashSet<Type>();
        for (var step = 0; step < 300 && s.State.Phase == SweepPhase.Running; step++)
        {
            var running = s.State.Trials.Values.Where(t => t.Status == TrialStatus.Running).OrderBy(t => t.Order).ToList();
            var any = s.State.TrialsInOrder.ElementAt(rng.Next(s.State.Order.Count));
            var pick = running.Count > 0 ? running[rng.Next(running.Count)] : any;
            var attempt = Math.Max(1, pick.Attempt - (rng.Next(5) == 0 ? 1 : 0));   // now and then a stale attempt
            ISweepCommand command = rng.Next(11) switch
            {
                0 or 1 or 2 => new LeaseTrial(workers[rng.Next(workers.Length)], Root, s.Now),
                3 or 4 => new ReportProgress(pick.Id, attempt, rng.Next(1000),
                    new Dictionary<string, double> { ["score"] = rng.NextDouble(), ["loss"] = rng.Next(3) == 0 ? double.NaN : rng.NextDouble() }, s.Now),
                5 or 6 => new CompleteTrial(pick.Id, attempt, new Dictionary<string, double> { ["score"] = rng.NextDouble() }, rng.NextDouble(), s.Now),
                7 => new FailTrial(pick.Id, attempt, "exit code 3", true, s.Now),
                8 => new FailTrial(pick.Id, attempt, "worker lost", false, s.Now),
                9 => new ResumeSweep(s.Now),
                _ => new CompleteTrial(any.Id, any.Attempt, Score, 1, s.Now),   // duplicates and late ones
            };
            foreach (var e in s.Do(command)) seen.Add(e.GetType());
            if (step % 25 == 0) Assert.Equal(Json(s.State), Json(SweepState.Replay(s.State.Id, s.Journal)));
            foreach (var status in new[] { TrialStatus.Completed, TrialStatus.Failed, TrialStatus.Stopped })
                Assert.Equal(s.State.Trials.Values.Count(t => t.Status == status), s.State.Count(status));
            Assert.Equal(s.State.Trials.Values.Where(t => t.Status == TrialStatus.Running).OrderBy(t => t.Order).Select(t => t.Id),
                s.State.RunningInOrder.Select(t => t.Id));
        }
        Assert.Equal(Json(s.State), Json(SweepState.Replay(s.State.Id, s.Journal)));
        Assert.True(seen.Count >= 4, "the walk exercised too few kinds of event: " + string.Join(", ", seen.Select(t => t.Name)));
        Assert.True(s.Journal.OfType<SweepCompleted>().Count() <= 1);
        Assert.True(s.Journal.OfType<TrialCompleted>().GroupBy(e => e.TrialId).All(g => g.Count() == 1), "one TrialCompleted per trial");
        var state = s.State;
        Assert.Equal(state.Trials.Values.Count(t => t.Status == TrialStatus.Pending), state.Queue.Count);
        Assert.Equal(state.Trials.Values.Count(t => t.Status == TrialStatus.Running), state.RunningCount);
    }

    [Fact]
    public void Replay_of_a_prefix_equals_the_state_at_that_point()
    {
        var s = new Sweep(Definition("retries: 1\n"));
        var snapshots = new List<(int, string)> { (s.Journal.Count, Json(s.State)) };
        void Snap() => snapshots.Add((s.Journal.Count, Json(s.State)));
        var a = s.Lease()!; Snap();
        s.Do(new ReportProgress(a.TrialId, 1, 5, Score, s.Now)); Snap();
        s.Fault(a.TrialId, 1); Snap();
        s.Lease(); s.Lease(); Snap();
        s.Resume(); Snap();
        s.Complete(a.TrialId, 2); Snap();
        foreach (var (count, json) in snapshots)
            Assert.Equal(json, Json(SweepState.Replay(s.State.Id, s.Journal.Take(count))));
    }
}
