using System.Collections.Concurrent;
using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training;
using CoToSweep.Training.Evaluation;

namespace CoToSweep.Actors.Runners;

/// <summary>
/// Evaluates analysis units of <c>coto</c> trials in-process: the trained adapter (<c>adapter.safetensors</c> in the
/// trial's artifact directory) under one mask per coalition. Opening an adapter costs a model build and a data load,
/// so open sessions are pooled per adapter and reused by the next unit of the same analysis; a session is used by one
/// slot at a time (masks switch the shared model's adapters). Sessions of other adapters are closed when a new
/// adapter is opened, so a node holds the sessions of one analysis at a time.
/// </summary>
public sealed class CotoAnalysisRunner : IAnalysisRunner, IDisposable
{
    public const string AdapterFile = "adapter.safetensors";

    private readonly CotoRunnerOptions options;
    private readonly Lazy<TrainingEnvironment> environment;
    private readonly ConcurrentDictionary<string, ConcurrentBag<AdapterSession>> idle = new();
    private readonly object opening = new();

    /// <param name="environment">The data and model cache a trial runner of the same process already holds; null: its own.</param>
    public CotoAnalysisRunner(CotoRunnerOptions options, Lazy<TrainingEnvironment>? environment = null)
    {
        this.options = options;
        this.environment = environment ?? options.LazyEnvironment();
    }

    public string Kind => CotoKind.Name;

    public Task<IReadOnlyList<double>> EvaluateAsync(AnalysisUnitAssignment unit, CancellationToken cancellationToken)
    {
        if (unit.Coalitions.Count == 0) return Task.FromResult<IReadOnlyList<double>>([]);
        return Task.Factory.StartNew(() => Evaluate(unit, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private IReadOnlyList<double> Evaluate(AnalysisUnitAssignment unit, CancellationToken ct)
    {
        TorchRuntime.SetThreads(options.TorchThreadsPerSlot);
        var path = Path.Combine(unit.ArtifactDir, AdapterFile);
        var (split, measure) = ShapleyAnalysisSpec.SplitAndMeasure(unit.Metric);
        var session = Take(path, ct);
        try
        {
            if (!session.GroupNames.SequenceEqual(unit.Groups))
                throw new InvalidOperationException(
                    $"{path} has adapter groups {string.Join(",", session.GroupNames)}, the analysis expects {string.Join(",", unit.Groups)}");
            var game = new AdapterGame(session, measure, split);
            var values = new double[unit.Coalitions.Count];
            for (var c = 0; c < values.Length; c++)
            {
                ct.ThrowIfCancellationRequested();
                values[c] = game.Value(unit.Coalitions[c]);
            }
            return values;
        }
        finally { idle.GetOrAdd(path, _ => []).Add(session); }
    }

    private AdapterSession Take(string path, CancellationToken ct)
    {
        if (idle.TryGetValue(path, out var bag) && bag.TryTake(out var session)) return session;
        if (!File.Exists(path)) throw new FileNotFoundException($"no trained adapter at {path}");
        lock (opening)
        {
            foreach (var other in idle.Keys.Where(k => k != path).ToList())
                if (idle.TryRemove(other, out var stale))
                    while (stale.TryTake(out var s)) s.Dispose();
        }
        return AdapterSession.Open(path, environment.Value, ct: ct);
    }

    public void Dispose()
    {
        foreach (var bag in idle.Values)
            while (bag.TryTake(out var s)) s.Dispose();
    }
}
