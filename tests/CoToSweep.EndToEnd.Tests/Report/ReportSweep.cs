using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training.Coto;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.EndToEnd.Tests.Report;

/// <summary>
/// A coto sweep state built from journal events, without training: trials report learning curves with the schedule's
/// p and a realised active fraction, and analyses finish with results the test gives.
/// </summary>
internal sealed class ReportSweep
{
    private DateTimeOffset _now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public SweepState State { get; private set; }

    public ReportSweep(string search, string analysis)
    {
        var yaml = "name: report-analyses\ndescription: Synthetic coto sweep for the report.\ntrial:\n  kind: coto\n  steps: 100\n  eval_every: 25\n" +
                   "objective: { metric: val_acc, direction: maximize }\nsearch:\n  algorithm: grid\n" +
                   string.Join("\n", search.Split('\n').Select(l => "  " + l)) + "\nanalysis:\n" + analysis + "\n";
        var d = SpecReader.Parse(yaml);
        Assert.True(d.IsValid, string.Join("\n", d.Problems.Select(p => p.Format("sweep.yaml"))));
        State = SweepState.Empty(d.Id);
        foreach (var e in State.Process(new SubmitSweep(d, Tick()))) Apply(e);
    }

    /// <summary>Every trial: started, four curve points (p from the trial's schedule), completed with the last point's values.</summary>
    public ReportSweep TrainAll()
    {
        foreach (var t in State.TrialsInOrder.ToList())
        {
            var config = CotoConfigReader.FromParams(t.Params, t.Seed);
            Apply(new TrialStarted(t.Id, 1, "w1", $"/artifacts/{t.Id}/attempt-1", Tick()));
            Dictionary<string, double> metrics = [];
            for (var step = 25; step <= config.Steps; step += 25)
            {
                var p = Schedule.P(config.Schedule, step - 1, config.Steps);
                metrics = new Dictionary<string, double>
                {
                    ["step"] = step, ["p"] = p, ["active_fraction"] = Math.Max(1.0 / 6, p - 0.05 + 0.01 * t.Seed),
                    ["val_acc"] = 0.3 + 0.004 * step * (1 + 0.1 * t.Config) + 0.02 * t.Seed, ["val_loss"] = 2 - 0.01 * step,
                };
                Apply(new TrialReported(t.Id, 1, step, metrics, Tick()));
            }
            Apply(new TrialCompleted(t.Id, 1, metrics, metrics["val_acc"], Tick()));
        }
        return this;
    }

    public ReportSweep Analyse(string id, string kind, IReadOnlyList<string> trials, AnalysisResult? result, string? failure = null)
    {
        Apply(new AnalysisPlanned(id, kind, trials, CotoKind.AdapterGroups(State.Trials[trials[0]].Params),
            trials.Select(t => State.Trials[t].ArtifactDir).ToArray(), Tick()));
        Apply(result is null ? new AnalysisFailed(id, failure ?? "failed", Tick()) : new AnalysisCompleted(id, result, Tick()));
        return this;
    }

    private void Apply(ISweepEvent e) => State = State.Apply(e);

    private DateTimeOffset Tick() => _now = _now.AddSeconds(5);
}
