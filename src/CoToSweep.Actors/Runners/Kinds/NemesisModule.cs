using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training.Nemesis;

namespace CoToSweep.Actors.Runners.Kinds;

/// <summary>The <c>nemesis</c> kind: <see cref="NemesisTrialRunner"/> and <see cref="NemesisAnalysisRunner"/> (corruption probes).</summary>
public sealed class NemesisModule : BuiltinKind
{
    public override string Name => NemesisKind.Name;

    public override string? Check(IReadOnlyDictionary<string, ParamValue> parameters, long seed)
    {
        try { NemesisConfig.FromParams(parameters, seed); }
        catch (ArgumentException e) { return e.Message; }
        return null;
    }

    public override ITrialRunner InProcess(CotoRunnerOptions options) => new NemesisTrialRunner(options);

    public override IAnalysisRunner Analysis(CotoRunnerOptions options) => new NemesisAnalysisRunner(options);
}
