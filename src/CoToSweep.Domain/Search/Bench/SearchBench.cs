using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;
using static CoToSweep.Domain.Sweeps.SweepEvents;

namespace CoToSweep.Domain.Search.Bench;

/// <summary>
/// How many trial-steps a search method spends before a trial completes within 1% of the optimum, run through the real
/// sweep state (planning, sampler, early-stopping rule) with <see cref="Slots"/> simulated slots: each trial advances one
/// step per time unit, reports every <see cref="ReportEvery"/> steps and completes at <see cref="MaxSteps"/>.
/// "Within 1%": final loss ≤ optimum + 1% of the problem's spread (the median random configuration's gap to the optimum),
/// since a relative 1% of an optimum of 0 means nothing.
/// </summary>
public sealed class SearchBench
{
    public const int Slots = 4, MaxSteps = 81, ReportEvery = 3, Reduction = 3;

    public sealed record Method(string Name, string Algorithm, bool Asha);

    public static readonly IReadOnlyList<Method> Methods =
        [new("random", "random", false), new("random+asha", "random", true), new("tpe", "tpe", false), new("tpe+asha", "tpe", true)];

    /// <summary>Trial-steps spent until the target, or null when the budget of trials ran out first.</summary>
    public static long? StepsToTarget(SearchProblem problem, Method method, int seed, int maxTrials)
    {
        var target = Target(problem);
        var d = Definition(problem, method.Algorithm, seed, maxTrials,
            method.Asha ? $"early_stopping: {{ rule: asha, grace_steps: {ReportEvery}, reduction: {Reduction}, max_steps: {MaxSteps} }}\n" : "");
        var state = SweepState.Empty(d.Id);
        var clock = DateTimeOffset.UnixEpoch;
        IReadOnlyList<ISweepEvent> Do(ISweepCommand c)
        {
            var events = state.Process(c);
            foreach (var e in events) state = state.Apply(e);
            return events;
        }
        Do(new SubmitSweep(d, clock));
        var noise = Noise(seed);
        var running = new Dictionary<string, (long Start, double[] Curve)>();
        long now = 0, spent = 0;
        while (true)
        {
            while (running.Count < Slots && Do(new LeaseTrial("w", "/a", clock)).OfType<TrialStarted>().SingleOrDefault() is { } s)
                running[s.TrialId] = (now, Curve(problem, state.Trials[s.TrialId].Params, state.Trials[s.TrialId].Seed, noise));
            if (running.Count == 0) return null;
            now += ReportEvery;
            foreach (var (id, (start, curve)) in running.OrderBy(r => state.Trials[r.Key].Order).ToList())
            {
                var step = now - start;
                var loss = curve[step / ReportEvery - 1];
                if (step >= MaxSteps)
                {
                    running.Remove(id);
                    spent += step;
                    Do(new CompleteTrial(id, 1, new Dictionary<string, double> { ["loss"] = loss }, loss, clock));
                    if (problem.Final(state.Trials[id].Params) <= target) return spent + running.Sum(r => now - r.Value.Start);
                    continue;
                }
                if (Do(new ReportProgress(id, 1, step, new Dictionary<string, double> { ["loss"] = loss }, clock)).OfType<TrialStopped>().Any())
                {
                    running.Remove(id);
                    spent += step;
                }
            }
        }
    }

    /// <summary>The final loss a run must reach: the optimum plus 1% of the problem's spread.</summary>
    public static double Target(SearchProblem problem) => problem.Optimum + 0.01 * Spread(problem);

    /// <summary>The report noise of one run (seed): consumed as trials start, so a run is the same on every machine.</summary>
    public static SplitMix64 Noise(int seed) => new(SplitMix64.Mix((ulong)seed, 0xB0B));

    /// <summary>
    /// What a trial of <paramref name="config"/> with <paramref name="seed"/> reports at steps ReportEvery, 2·ReportEvery, …,
    /// MaxSteps (the last is its final value): the one definition of a trial both this simulation and the Optuna side
    /// (<c>bench search</c>) use.
    /// </summary>
    public static double[] Curve(SearchProblem problem, IReadOnlyDictionary<string, ParamValue> config, long seed, SplitMix64 noise) =>
        Enumerable.Range(1, MaxSteps / ReportEvery).Select(k => problem.Loss(config, seed, (long)k * ReportEvery, MaxSteps, noise)).ToArray();

    /// <summary>The problem's search space as the sweep validator reads it (the Optuna side is given the same dimensions).</summary>
    public static SearchSpec Space(SearchProblem problem) => Definition(problem, "random", 0, 1).Spec!.Search;

    /// <summary>A sweep over the problem's space: a command trial never run (the bench reports for it), loss minimised.</summary>
    private static SweepDefinition Definition(SearchProblem problem, string algorithm, int seed, int maxTrials, string extra = "")
    {
        var yaml = $"name: bench\ntrial: {{ kind: command, command: [sh, -c, \"exit 0\"] }}\nobjective: {{ metric: loss, direction: minimize }}\n" +
                   $"search:\n  algorithm: {algorithm}\n  seed: {seed}\n  max_trials: {maxTrials}\n  space:\n" +
                   string.Join("\n", problem.Space.Split('\n').Select(l => "  " + l)) + "\n" + extra;
        var d = SpecReader.Parse(yaml);
        return d.IsValid ? d : throw new InvalidOperationException(string.Join("; ", d.Problems.Select(p => p.Message)));
    }

    /// <summary>The median gap to the optimum of random configurations: the scale "1%" is taken of.</summary>
    public static double Spread(SearchProblem problem)
    {
        var search = Definition(problem, "random", 12345, 1).Spec!.Search;
        var gaps = Enumerable.Range(0, 1001).Select(i => problem.Final(new RandomSampler().Propose(search, i, SearchHistory.Empty)) - problem.Optimum).Order().ToList();
        return gaps[500];
    }

    /// <summary>TPE proposals per second with <paramref name="finished"/> finished trials of the problem (random configurations).</summary>
    public static double TpeProposalsPerSecond(SearchProblem problem, int finished, int proposals)
    {
        var search = Definition(problem, "tpe", 1, 1).Spec!.Search;
        var history = new SearchHistory(Enumerable.Range(0, finished)
            .Select(i => new RandomSampler().Propose(search, i, SearchHistory.Empty))
            .Select(c => new Observation(c, [problem.Final(c)])).ToList(), []);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < proposals; i++) new TpeSampler().Propose(search, finished + i, history);
        return proposals / clock.Elapsed.TotalSeconds;
    }
}
