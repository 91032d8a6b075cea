using CoToSweep.Actors.Runners;
using CoToSweep.Training;

namespace CoToSweep.Cli;

/// <summary>The trial runners a local slot can use, one per trial kind.</summary>
public static class RunnerCatalog
{
    public static IReadOnlyList<ITrialRunner> Create(RunnerOptions options) =>
    [
        new NoopTrialRunner(),
        new CommandTrialRunner(options.Command),
        new CotoTrialRunner(new CotoRunnerOptions(options.DataDir, options.ModelCache ?? TrainingEnvironment.DefaultModelCache,
            Math.Max(1, options.TorchThreadsPerSlot))),
    ];
}

/// <summary>What runners of one node share: built-in trainers' data and model cache, torch threads per slot.</summary>
public sealed record RunnerOptions(string? DataDir, int TorchThreadsPerSlot, string? ModelCache = null, CommandRunnerOptions? Command = null);
