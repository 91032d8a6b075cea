using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Tests.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;
using static CoToSweep.Domain.Tests.Sweeps.SweepFiles;

namespace CoToSweep.Domain.Tests.Search;

/// <summary>Trials are planned in chunks as slots ask for work, until the budget; a bigger budget continues the sweep.</summary>
public class IncrementalPlanningTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class Sweep(SweepDefinition d) : SweepDriver(d, T0)
    {
        public IReadOnlyList<ISweepEvent> Lease(string worker = "w") => Do(new LeaseTrial(worker, "/a", Now));
        public string LeaseId() => Lease().OfType<TrialStarted>().Single().TrialId;
        public void Complete(string trial, double score = 1) =>
            Do(new CompleteTrial(trial, State.Trials[trial].Attempt, new Dictionary<string, double> { ["score"] = score }, score, Now));
        public void RunAll() { while (Lease().OfType<TrialStarted>().SingleOrDefault() is { } s) Complete(s.TrialId); }
    }

    private static string Grid(int a, int b) =>
        Command($"space:\n  a: [{string.Join(", ", Enumerable.Range(0, a))}]\n  b: [{string.Join(", ", Enumerable.Range(0, b))}]");

    [Fact]
    public void A_million_trial_grid_is_planned_in_chunks_as_slots_ask()
    {
        var s = new Sweep(Valid(Grid(1000, 1000)));
        Assert.Equal(TrialPlanner.ChunkSize, s.Journal.OfType<TrialsPlanned>().Single().Trials.Count);
        Assert.Equal(1_000_000, s.State.Count(TrialStatus.Pending));   // the queue and what is still to plan
        for (var i = 0; i < 2500; i++) s.Complete(s.LeaseId());
        var chunks = s.Journal.OfType<TrialsPlanned>().ToList();
        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(TrialPlanner.ChunkSize, c.Trials.Count));
        Assert.Equal("t2999-s" + TrialPlanner.DerivedSeed(0, 2999), s.State.Order[^1]);
        Assert.Equal(["2", "999"], [s.State.Trials[s.State.Order[^1]].Params["a"].ToString(), s.State.Trials[s.State.Order[^1]].Params["b"].ToString()]);
        Assert.Equal(1_000_000 - 2500, s.State.Count(TrialStatus.Pending));
        Assert.Equal(SweepPhase.Running, s.State.Phase);
        // The chunks are the static plan cut into pieces: the same trials as planning all at once.
        Assert.Equal(TrialPlanner.Enumerate(s.State.Spec!).Take(3000).Select(t => t.Id), s.State.Order);
    }

    [Fact]
    public void A_planned_trial_costs_the_state_well_under_a_kilobyte()
    {
        const int trials = 200_000;
        var d = Valid(Grid(1000, 1000));
        var state = SweepState.Empty(d.Id).Apply(new SweepSubmitted(d.Id, d.Spec!, d.Text, d.CanonicalJson, null, T0));
        var chunks = TrialPlanner.Enumerate(d.Spec!).Take(trials).Chunk(TrialPlanner.ChunkSize).Select(c => new TrialsPlanned(c, T0)).ToList();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        state = chunks.Aggregate(state, (s, c) => s.Apply(c));
        chunks = null;
        var perTrial = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)trials;
        Assert.Equal(trials, state.Order.Count);
        output.WriteLine($"{perTrial:F0} bytes per planned trial in the sweep state");
        Assert.True(perTrial < 1024, $"{perTrial:F0} bytes per planned trial");
    }

    [Fact]
    public void The_last_chunk_stops_at_max_trials_and_the_sweep_completes()
    {
        var s = new Sweep(Valid(Command("algorithm: random\nmax_trials: 2500\nspace:\n  u: { uniform: [0, 1] }")));
        s.RunAll();
        Assert.Equal([1000, 1000, 500], s.Journal.OfType<TrialsPlanned>().Select(p => p.Trials.Count));
        Assert.Equal(SweepPhase.Completed, s.State.Phase);
        Assert.Equal(2500, s.State.Count(TrialStatus.Completed));
    }

    [Fact]
    public void A_configuration_is_never_split_across_chunks()
    {
        var s = new Sweep(Valid(Command("algorithm: random\nmax_trials: 2100\nseeds: [0, 1, 2]\nspace:\n  u: { uniform: [0, 1] }")));
        s.RunAll();
        Assert.Equal([999, 999, 102], s.Journal.OfType<TrialsPlanned>().Select(p => p.Trials.Count));
        Assert.All(s.Journal.OfType<TrialsPlanned>(), p => Assert.All(p.Trials.GroupBy(t => t.Config), g => Assert.Equal(3, g.Count())));
    }

    private const string Space = "space:\n  x: [1, 2, 3, 4, 5, 6]";

    [Fact]
    public void A_bigger_max_trials_continues_the_finished_sweep_with_its_trials()
    {
        var small = Valid(Command("max_trials: 4\nseeds: [0, 1]\n" + Space));
        var bigger = Valid(Command("max_trials: 8\nseeds: [0, 1]\n" + Space));
        Assert.True(SweepIdentity.SameSweep(small.CanonicalJson, bigger.CanonicalJson));
        Assert.Null(SweepIdentity.BudgetProblem(small.Spec!, bigger.Spec!));
        var s = new Sweep(small);
        s.RunAll();
        Assert.Equal(SweepPhase.Completed, s.State.Phase);

        var changed = Assert.IsType<BudgetChanged>(Assert.Single(s.Do(new SubmitSweep(bigger, s.Now))));
        Assert.Equal(8, changed.MaxTrials);
        Assert.Equal(SweepPhase.Running, s.State.Phase);
        Assert.True(s.State.HasWork);
        s.RunAll();
        Assert.Equal(["t0000-s0", "t0000-s1", "t0001-s0", "t0001-s1", "t0002-s0", "t0002-s1", "t0003-s0", "t0003-s1"], s.State.Order);
        Assert.All(s.State.Trials.Values, t => Assert.Equal(1, t.Attempt));   // nothing finished ran again
        Assert.Equal(SweepPhase.Completed, s.State.Phase);
        Assert.Equal(bigger.Text, s.State.SpecText);
        Assert.Empty(s.Do(new SubmitSweep(bigger, s.Now)));   // the same budget again: nothing to journal
        Assert.Equal(Json(s.State), Json(SweepState.Replay(s.State.Id, s.Journal)));
    }

    [Fact]
    public void A_submission_is_refused_for_a_cancelled_sweep_and_a_smaller_budget_and_taken_otherwise()
    {
        var small = Valid(Command("max_trials: 4\n" + Space));
        var s = new Sweep(small);
        Assert.Null(SweepIdentity.Refusal(s.State, small));   // the same file again: acknowledged
        Assert.Null(SweepIdentity.Refusal(s.State, Valid(Command("max_trials: 6\n" + Space))));
        Assert.Equal($"the budget may only grow: this sweep plans 4 trials, the file 3 (sweep {small.Id})",
            SweepIdentity.Refusal(s.State, Valid(Command("max_trials: 3\n" + Space))));
        s.Do(new CancelSweep("test", s.Now));
        Assert.Equal($"sweep {small.Id} was cancelled and takes no more trials; to run the file again, change its name",
            SweepIdentity.Refusal(s.State, small));
    }

    [Fact]
    public void Appended_seeds_run_first_for_the_configurations_the_sweep_has()
    {
        var s = new Sweep(Valid(Command("max_trials: 4\nseeds: [0, 1]\n" + Space)));
        s.RunAll();
        s.Do(new SubmitSweep(Valid(Command("max_trials: 9\nseeds: [0, 1, 2]\n" + Space)), s.Now));
        s.RunAll();
        Assert.Equal(["t0000-s0", "t0000-s1", "t0001-s0", "t0001-s1", "t0000-s2", "t0001-s2", "t0002-s0", "t0002-s1", "t0002-s2"], s.State.Order);
        Assert.Equal(s.State.Trials["t0000-s0"].Params, s.State.Trials["t0000-s2"].Params);
        Assert.Equal(Json(s.State), Json(SweepState.Replay(s.State.Id, s.Journal)));
    }

    [Theory]
    [InlineData("max_trials: 3\nseeds: [0, 1]\n", "the budget may only grow: this sweep plans 4 trials, the file 3")]
    [InlineData("max_trials: 8\nseeds: [1, 0]\n", "search.seeds may only grow by seeds appended to [0, 1]")]
    [InlineData("max_trials: 8\n", "search.seeds may only grow by seeds appended to [0, 1]")]
    public void A_budget_that_shrinks_or_seeds_that_change_are_refused(string budget, string problem)
    {
        var first = Valid(Command("max_trials: 4\nseeds: [0, 1]\n" + Space));
        var edited = Valid(Command(budget + Space));
        Assert.True(SweepIdentity.SameSweep(first.CanonicalJson, edited.CanonicalJson));
        Assert.Equal(problem, SweepIdentity.BudgetProblem(first.Spec!, edited.Spec!));
        var s = new Sweep(first);
        Assert.Empty(s.Do(new SubmitSweep(edited, s.Now)));
    }

    [Fact]
    public void Any_other_edit_is_another_sweep_and_ids_stay_the_hash_of_the_whole_file()
    {
        var a = Valid(Command("max_trials: 4\nseeds: [0, 1]\n" + Space));
        Assert.False(SweepIdentity.SameSweep(a.CanonicalJson, Valid(Command("max_trials: 4\nseeds: [0, 1]\nspace:\n  x: [1, 2]")).CanonicalJson));
        Assert.False(SweepIdentity.SameSweep(a.CanonicalJson, Valid(Command("seed: 3\nmax_trials: 4\nseeds: [0, 1]\n" + Space)).CanonicalJson));
        Assert.NotEqual(a.Id, Valid(Command("max_trials: 8\nseeds: [0, 1]\n" + Space)).Id);
        var s = new Sweep(a);
        Assert.Empty(s.Do(new SubmitSweep(Valid(Command("max_trials: 8\nseeds: [0, 1]\nspace:\n  x: [1, 2]")), s.Now)));
    }

    private static string Json(SweepState s) => System.Text.Json.JsonSerializer.Serialize(s);
}
