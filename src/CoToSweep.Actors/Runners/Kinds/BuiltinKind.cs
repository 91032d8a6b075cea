using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Runners.Kinds;

/// <summary>
/// One built-in trial kind's registration in Actors: its spec check as a runner sees it (the Domain check and the
/// trainer's own reading of the parameters), its in-process trial runner (what the <c>trial-host</c> verb runs), and
/// its analysis runner. The process-isolated runner, the <c>trial-host</c> verb and the runner catalogue all go through
/// <see cref="BuiltinKinds"/>, so adding a kind is one file here (and one folder in Domain and in Training).
/// </summary>
public abstract class BuiltinKind
{
    /// <summary>The <c>trial.kind</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Why these parameters cannot be trained (one line), or null; checked before anything starts.</summary>
    public abstract string? Check(IReadOnlyDictionary<string, ParamValue> parameters, long seed);

    /// <summary>Trains in this process (the trial host's side of the process isolation; also tests).</summary>
    public abstract ITrialRunner InProcess(CotoRunnerOptions options);

    /// <summary>Evaluates the kind's analysis units in this process.</summary>
    public abstract IAnalysisRunner Analysis(CotoRunnerOptions options);
}
