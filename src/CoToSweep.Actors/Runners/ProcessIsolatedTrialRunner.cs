using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training.Coto;

namespace CoToSweep.Actors.Runners;

/// <summary>
/// The <c>coto</c> kind in a child process: <c>cotosweep trial-host coto --assignment ATTEMPT/assignment.json …</c>
/// runs the in-process <see cref="CotoTrialRunner"/> there and prints <c>cotosweep {json}</c> lines, and the
/// <see cref="CommandTrialRunner"/> supervises it (dies with this process, killed on cancellation and timeout,
/// <c>stdout.log</c>/<c>stderr.log</c> kept). A libtorch crash or leak ends one trial, never the coordinator or
/// worker, and torch's process-wide thread count is the trial's own. Outcomes match the in-process runner's.
/// </summary>
/// <param name="analysisDevice">Where this slot evaluates analysis units in-process (the worker sees every GPU, so a GPU
/// slot names its own: <c>cuda:1</c>); null: as <paramref name="coto"/> says.</param>
public sealed partial class ProcessIsolatedTrialRunner(CotoRunnerOptions coto, CommandRunnerOptions? command = null,
    IReadOnlyList<string>? hostCommand = null, string? analysisDevice = null) : ITrialRunner, IAnalysisRunner
{
    /// <summary>The trial host's exit code when the trial failed (NaN loss …); stderr's last line is the reason.</summary>
    public const int TrialFailedExitCode = 3;

    /// <summary>The trial host's exit code when the attempt failed for another reason (data or device missing).</summary>
    public const int HostFailedExitCode = 4;

    public const string AssignmentFile = "assignment.json";

    private readonly CommandTrialRunner inner = new(command);
    // Analysis units are many short evaluations of one adapter: in-process, with the adapter kept open between units.
    private readonly CotoAnalysisRunner analysis = new(analysisDevice is null ? coto : coto with { Device = analysisDevice });
    private readonly IReadOnlyList<string> host = hostCommand ?? CurrentProgram();

    public string Kind => CotoKind.Name;

    public Task<IReadOnlyList<Domain.Analyses.ProbeResult>> EvaluateAsync(Domain.Analyses.AnalysisUnitAssignment unit, CancellationToken cancellationToken) =>
        analysis.EvaluateAsync(unit, cancellationToken);

    public async Task<TrialOutcome> RunAsync(TrialAssignment assignment, ITrialProgress progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Bad parameters are found here, as in-process, without starting anything.
        if (CotoKind.Check(assignment.Params) is { } problem) return TrialOutcome.Failure(problem);
        try { CotoConfigReader.FromParams(assignment.Params, assignment.Seed); }
        catch (ArgumentException e) { return TrialOutcome.Failure(e.Message); }

        Directory.CreateDirectory(assignment.ArtifactDir);
        var file = Path.Combine(assignment.ArtifactDir, AssignmentFile);
        await File.WriteAllBytesAsync(file, SweepMessageCodec.Serialize(assignment), cancellationToken).ConfigureAwait(false);

        var child = assignment with
        {
            Trial = assignment.Trial with { Kind = TrialKinds.Command.Name, Command = Argv(file), WorkDir = assignment.ArtifactDir },
        };
        var outcome = await inner.RunAsync(child, progress, cancellationToken).ConfigureAwait(false);
        return Translate(outcome, assignment.Objective);
    }

    /// <summary>The child's argv; what would read as a <c>{placeholder}</c> (in a path, say) is escaped as <c>{{…}}</c>.</summary>
    public IReadOnlyList<string> Argv(string assignmentFile)
    {
        var args = new List<string>(host) { "trial-host", CotoKind.Name, "--assignment", assignmentFile,
            "--models", coto.ModelCacheDirectory, "--threads", coto.TorchThreadsPerSlot.ToString(CultureInfo.InvariantCulture),
            "--device", coto.Device };
        if (coto.DataDirectory is { } data) args.AddRange(["--data", data]);
        return args.Select(a => Placeholder().Replace(a, "{{$1}}")).ToList();
    }

    /// <summary>
    /// The command runner's outcome in the in-process runner's terms: the objective is the final value; the host's
    /// own failures give stderr's last line as the reason, and only a failed trial's step, like in-process.
    /// </summary>
    private static TrialOutcome Translate(TrialOutcome outcome, ObjectiveSpec objective)
    {
        if (outcome.Succeeded)
            return TrialOutcome.Success(outcome.Metrics, outcome.Metrics.TryGetValue(objective.Metric, out var v) ? v : null);
        var reason = outcome.FailureReason ?? "";
        foreach (var (code, trialFault) in new[] { (TrialFailedExitCode, true), (HostFailedExitCode, false) })
        {
            var prefix = $"exit code {code}: ";
            if (!reason.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var metrics = outcome.Metrics.Where(m => m.Key == "step").ToDictionary(m => m.Key, m => m.Value);
            return TrialOutcome.Failure(reason[prefix.Length..], metrics, trialFault);
        }
        return outcome;
    }

    [GeneratedRegex(@"(?<!\$)\{([A-Za-z_][A-Za-z0-9_.\-]*)\}")]
    private static partial Regex Placeholder();

    /// <summary>
    /// How to start this program again: its apphost, or <c>dotnet cotosweep.dll</c> when it runs under the muxer
    /// (<see cref="Environment.ProcessPath"/> is then dotnet itself).
    /// </summary>
    public static IReadOnlyList<string> CurrentProgram()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown");
        var name = Path.GetFileNameWithoutExtension(process);
        if (!string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase)) return [process];
        var entry = Assembly.GetEntryAssembly()?.Location;
        if (string.IsNullOrEmpty(entry)) throw new InvalidOperationException("running under dotnet, but the entry assembly's path is unknown");
        return [process, entry];
    }
}
