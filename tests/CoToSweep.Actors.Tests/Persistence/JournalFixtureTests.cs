using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Persistence;

/// <summary>
/// A journal written by an earlier version (Fixtures/journal-v1.db, made by running Fixtures/journal-v1.yaml with
/// the CLI, killing it with kill -9 once and resuming) must keep replaying to the same state.
/// </summary>
public sealed class JournalFixtureTests
{
    private static SweepCatalog Catalog(string fixture = "journal-v1.db")
    {
        // Copied so that the reader's SQLite side files never touch the committed fixture.
        var copy = Path.Combine(Directory.CreateTempSubdirectory("fixture-").FullName, "journal.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture), copy);
        return new SweepCatalog(new SqliteJournalReader(copy));
    }

    /// <summary>
    /// Fixtures/journal-analysis-v1.db: Fixtures/journal-analysis-v1.yaml (coto, Shapley analysis of the best trial)
    /// run with the CLI, killed with kill -9 mid-analysis (53 coalitions evaluated, units 9 and 10 running) and resumed.
    /// </summary>
    [Fact]
    public void The_analysis_fixture_replays_to_the_recorded_estimate()
    {
        var catalog = Catalog("journal-analysis-v1.db");
        var state = catalog.Load(Assert.Single(catalog.Registered()).SweepId)!;
        Assert.Equal("fixture-analysis-592f151f", state.Id);
        Assert.Equal(SweepPhase.Completed, state.Phase);
        var analysis = Assert.Single(state.Analyses.Values);
        Assert.Equal(("shapley-t0000-s0", Domain.Analyses.AnalysisStatus.Completed), (analysis.Id, analysis.Status));
        Assert.Equal(["layer0.q", "layer0.k", "layer0.v", "layer0.o", "layer1.q", "layer1.k", "layer1.v", "layer1.o"], analysis.Groups);
        var result = Assert.IsType<Domain.Analyses.ShapleyResult>(analysis.Result);
        Assert.Equal(("permutation", 188L, 64L, "all samples drawn"), (result.Method, result.Evaluations, result.SamplesPerPlayer, result.StopReason));
        Assert.Equal(0.008359374999999992, result.Values[0]);
        Assert.Equal(0.001052354028707122, result.StdErrors[0]);
        Assert.Equal(-0.0018750000000000008, result.Values[7]);
        // Replaying the units merges them to the journaled estimate, bit for bit.
        Assert.Equal(result.Values, Domain.Analyses.ShapleyAnalysis.EstimateOf(state, analysis).Values);
        Assert.Equal(result.StdErrors, Domain.Analyses.ShapleyAnalysis.EstimateOf(state, analysis).StdErrors);
        Assert.Equal([9, 10], analysis.Attempts.Where(a => a.Value == 2).Select(a => a.Key).Order());
    }

    [Fact]
    public void The_analysis_fixture_spec_still_has_the_same_sweep_id()
    {
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "journal-analysis-v1.yaml"));
        Assert.Equal("fixture-analysis-592f151f", SpecReader.Parse(yaml).Id);
    }

    [Fact]
    public void The_v1_fixture_replays_to_the_recorded_outcome()
    {
        var catalog = Catalog();
        var registered = Assert.Single(catalog.Registered());
        Assert.Equal("fixture-24c54bd6", registered.SweepId);

        var state = catalog.Load(registered.SweepId)!;
        Assert.Equal(SweepPhase.Completed, state.Phase);
        Assert.Equal(["t0000-s0", "t0000-s1", "t0001-s0", "t0001-s1", "t0002-s0", "t0002-s1"], state.Order);
        var t = state.Trials;
        // interrupted by kill -9 while running: re-queued, completed on attempt 2
        Assert.Equal((TrialStatus.Completed, 2, 1.5), (t["t0000-s0"].Status, t["t0000-s0"].Attempt, t["t0000-s0"].Objective!.Value));
        // failed once with exit code 3, retried (retries: 1), then completed
        Assert.Equal((TrialStatus.Completed, 2, 1), (t["t0001-s0"].Status, t["t0001-s0"].Attempt, t["t0001-s0"].Failures));
        // NaN loss both times: failed for good with the reason
        Assert.Equal(TrialStatus.Failed, t["t0002-s1"].Status);
        Assert.Equal("metric 'loss' is NaN", t["t0002-s1"].Reason);
        Assert.Equal("t0001-s0", state.Best!.Id);
        Assert.Equal(2.5, t["t0001-s1"].Metrics["val"]);
        Assert.NotEmpty(t["t0001-s1"].Curve);
        Assert.Equal("command", state.Spec!.Trial.Kind);
        Assert.Equal(1, state.Spec.Retries);
    }

    [Fact]
    public void The_fixture_spec_still_has_the_same_sweep_id()
    {
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "journal-v1.yaml"));
        Assert.Equal("fixture-24c54bd6", SpecReader.Parse(yaml).Id);
    }

    [Fact]
    public void A_missing_journal_reads_as_no_sweeps_and_creates_nothing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}", "journal.db");
        Assert.Empty(new SweepCatalog(new SqliteJournalReader(path)).Registered());
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }
}
