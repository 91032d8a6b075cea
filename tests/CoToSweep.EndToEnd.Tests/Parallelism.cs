// The tests that start processes (a trial that waits for a file, a worker that joins, a sweep that drains) mostly wait
// on them, so three test classes run at a time on CI's two cores. The process tests form three collections of about the
// same length, each one class after another, so that the longest of them, not their sum, sets the run's length.
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 3)]

namespace CoToSweep.EndToEnd.Tests;

/// <summary>Cluster fault tests: the deploy roles, the chaos soak, nodes killed mid-analysis, standby takeover, draining.</summary>
[CollectionDefinition(nameof(ClusterFaultProcesses))]
public sealed class ClusterFaultProcesses;

/// <summary>Sweeps with trained adapters (merge, Nemesis, Shapley, early stopping) and the other cluster tests.</summary>
[CollectionDefinition(nameof(SweepProcesses))]
public sealed class SweepProcesses;

/// <summary>The embedded CLI: kill and resume, cancel and delete, search, a full disk, the strict command line, the tool.</summary>
[CollectionDefinition(nameof(CliProcesses))]
public sealed class CliProcesses;
