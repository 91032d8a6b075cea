using CoToSweep.Actors.Runners;
using CoToSweep.Actors.Runners.Kinds;
using CoToSweep.Training;

namespace CoToSweep.Cli;

/// <summary>The trial runners a local slot can use, one per trial kind.</summary>
public static class RunnerCatalog
{
    public static IReadOnlyList<ITrialRunner> Create(RunnerOptions options) =>
    [
        new NoopTrialRunner(),
        new CommandTrialRunner(options.Command),
        // Built-in trainers run in a child process each: a libtorch crash or leak ends one trial, not this node.
        .. BuiltinKinds.All.Select(kind => new ProcessIsolatedTrialRunner(new CotoRunnerOptions(options.DataDir,
            options.ModelCache ?? TrainingEnvironment.DefaultModelCache, Math.Max(1, options.TorchThreadsPerSlot)), options.Command,
            analysisDevice: options.AnalysisDevice, kind: kind)),
    ];
}

/// <summary>What runners of one node share: built-in trainers' data and model cache, torch threads per slot.
/// <c>AnalysisDevice</c>: where a slot evaluates analysis units in its node's process (<c>cuda:N</c> for a GPU slot); null: auto.</summary>
public sealed record RunnerOptions(string? DataDir, int TorchThreadsPerSlot, string? ModelCache = null, CommandRunnerOptions? Command = null,
    string? AnalysisDevice = null);
