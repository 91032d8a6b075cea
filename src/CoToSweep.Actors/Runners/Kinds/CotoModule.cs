using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training.Coto;

namespace CoToSweep.Actors.Runners.Kinds;

/// <summary>The <c>coto</c> kind: <see cref="CotoTrialRunner"/> and <see cref="CotoAnalysisRunner"/>.</summary>
public sealed class CotoModule : BuiltinKind
{
    public override string Name => CotoKind.Name;

    public override string? Check(IReadOnlyDictionary<string, ParamValue> parameters, long seed)
    {
        if (CotoKind.Check(parameters) is { } problem) return problem;
        try { CotoConfigReader.FromParams(parameters, seed); }
        catch (ArgumentException e) { return e.Message; }
        return null;
    }

    public override ITrialRunner InProcess(CotoRunnerOptions options) => new CotoTrialRunner(options);

    public override IAnalysisRunner Analysis(CotoRunnerOptions options) => new CotoAnalysisRunner(options);
}
