using System.Text.Json;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Tests.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Tests.Analyses;

/// <summary>
/// A coto sweep with an analysis block, driven the way the coordinator drives it (process, apply, journal), with slots
/// simulated by the test: trials complete with their adapter's accuracy under <see cref="ProbeModel"/>, and each leased
/// unit's probes are evaluated by <see cref="ProbeModel"/> from the unit's described assignment.
/// </summary>
public class KindSweep(string analysis, string search = "seeds: [0, 1, 2]", string trial = "", string name = "kinds", string kind = "coto")
    : SweepDriver(Parse(analysis, search, trial, name, kind), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
{
    private readonly bool nemesis = kind == Domain.Sweeps.Kinds.NemesisKind.Name;

    /// <param name="analysis">The body of the analysis block, indented by two spaces per line.</param>
    private static SweepDefinition Parse(string analysis, string search, string trial, string name, string kind)
    {
        var (length, metric) = kind == "nemesis" ? ("epochs: 3", "base_acc") : ("steps: 10", "val_acc");
        var text = $"name: {name}\ntrial:\n  kind: {kind}\n  {length}\n" + trial +
                   $"objective: {{ metric: {metric}, direction: maximize }}\nsearch:\n" +
                   string.Join("\n", search.Split('\n').Select(l => "  " + l)) + "\nanalysis:\n" + analysis + "\n";
        var d = SpecReader.Parse(text);
        Assert.True(d.IsValid, string.Join("\n", d.Problems.Select(p => p.Format("sweep.yaml"))));
        return d;
    }

    public ISweepEvent? Lease(string worker = "w1") => Do(new LeaseTrial(worker, "/artifacts", Now)).SingleOrDefault();

    private int Groups => State.Spec!.Trial.Params.TryGetValue("base.depth", out var d) ? (int)d.AsDouble() : 6;

    public void CompleteTrial(TrialStarted t)
    {
        if (nemesis)
        {
            // A trained prompt: its accuracy and every position's norm, as the trainer reports them.
            var positions = Domain.Sweeps.Kinds.NemesisKind.Positions(State.Trials[t.TrialId].Params);
            var metrics = Enumerable.Range(0, positions).ToDictionary(Domain.Sweeps.Kinds.NemesisKind.NormMetric, i => 0.1 + ProbeModel.Unit(t.ArtifactDir + i));
            metrics["base_acc"] = ProbeModel.Unit(t.ArtifactDir);
            Do(new SweepCommands.CompleteTrial(t.TrialId, t.Attempt, metrics, metrics["base_acc"], Now));
            return;
        }
        var acc = ProbeModel.Accuracy(t.ArtifactDir, ~0UL >> (64 - Groups), Groups);
        Do(new SweepCommands.CompleteTrial(t.TrialId, t.Attempt, new Dictionary<string, double> { ["val_acc"] = acc }, acc, Now));
    }

    public IReadOnlyList<ISweepEvent> Complete(AnalysisUnitStarted u)
    {
        var assignment = State.AssignmentFor(u);
        return Do(new CompleteAnalysisUnit(u.AnalysisId, u.Unit, u.Attempt, assignment.ProbeIds,
            assignment.Probes.Select(p => ProbeModel.Evaluate(p, Groups)).ToArray(), Now));
    }

    /// <summary>
    /// <paramref name="slots"/> slots lease whatever comes; trials complete at once, leased units complete in an order
    /// drawn from <paramref name="order"/> (null: lease order), until nothing is leasable or <paramref name="stopAfter"/>
    /// units have completed (the rest stay running). Returns the units still running.
    /// </summary>
    public List<AnalysisUnitStarted> Run(Random? order = null, int slots = 1, int stopAfter = int.MaxValue)
    {
        var running = new List<AnalysisUnitStarted>();
        var done = 0;
        while (true)
        {
            while (running.Count < slots && Lease($"w{running.Count}") is { } e)
                if (e is AnalysisUnitStarted u) running.Add(u);
                else if (e is TrialStarted t) CompleteTrial(t);
            if (running.Count == 0 || done >= stopAfter) return running;
            var next = running[order?.Next(running.Count) ?? 0];
            running.Remove(next);
            Complete(next);
            done++;
        }
    }

    /// <summary>A restart: the state replayed from the journal, then resumed (running units re-queued).</summary>
    public void Restart()
    {
        State = SweepState.Replay(State.Id, Journal);
        Do(new ResumeSweep(Now));
    }

    /// <summary>Every finished analysis's result, by id, as JSON (records holding lists compare by reference).</summary>
    public IReadOnlyDictionary<string, string> Results() => State.AnalysesInOrder.ToDictionary(a => a.Id,
        a => a.Result is null ? a.Status.ToString() : JsonSerializer.Serialize(a.Result, typeof(AnalysisResult)));
}
