using CoToSweep.Training.Checkpoints;
using CoToSweep.Training.Coto;

namespace CoToSweep.Training.Evaluation;

/// <summary>
/// A saved adapter loaded once and evaluated under many masks: the value function that Shapley estimation and
/// pruning call. Groups follow the granularity the adapter was trained with unless another is given.
/// </summary>
public sealed class AdapterSession : IDisposable
{
    private readonly CotoRun run;

    private AdapterSession(CotoRun run) => this.run = run;

    /// <param name="adapterPath">A safetensors file written by the trainer.</param>
    /// <param name="task">Evaluate on another built-in task (multi-task merging); default: the task it was trained on.</param>
    /// <param name="granularity"><c>layer</c> or <c>module</c>; default: as trained.</param>
    public static AdapterSession Open(string adapterPath, TrainingEnvironment env, string? task = null, string? granularity = null, CancellationToken ct = default)
    {
        var config = AdapterCheckpoint.ReadConfig(adapterPath);
        config = config with
        {
            Task = task ?? config.Task,
            Schedule = config.Schedule with { Granularity = granularity ?? config.Schedule.Granularity },
        };
        var run = CotoRun.Create(config, env, ct);
        try { AdapterCheckpoint.LoadInto(adapterPath, config, run.Layout, run.Model); }
        catch { run.Dispose(); throw; }
        return new AdapterSession(run);
    }

    public CotoConfig Config => run.Config;

    /// <summary>Group names in mask order, e.g. layer0..layer5 or layer0.q, layer0.k, ….</summary>
    public IReadOnlyList<string> GroupNames => run.Groups.Select(g => g.Name).ToArray();

    /// <summary>Accuracy and loss on <paramref name="split"/> (train, val, test, ood) with only the masked-in groups active (null: all).</summary>
    public EvalResult Evaluate(IReadOnlyList<bool>? mask, string split = "val") => run.Evaluate(split, mask);

    /// <summary>Accuracy and loss with only the groups of <paramref name="coalition"/> active (bit i = group i).</summary>
    public EvalResult Evaluate(ulong coalition, string split = "val") =>
        Evaluate(Enumerable.Range(0, run.Groups.Count).Select(i => Domain.Shapley.Coalitions.Contains(coalition, i)).ToArray(), split);

    public void Dispose() => run.Dispose();
}
