using CoToSweep.Actors.Runners;

namespace CoToSweep.Cli;

/// <summary>The trial runners a local slot can use, one per trial kind.</summary>
public static class RunnerCatalog
{
    public static IReadOnlyList<ITrialRunner> Create(RunnerOptions options) =>
    [
        new NoopTrialRunner(),
        new CommandTrialRunner(),
    ];
}

public sealed record RunnerOptions(string StateDir, string? DataDir, int TorchThreadsPerSlot);
