using System.Globalization;
using System.Reflection;
using CoToSweep.Actors.Runners.Processes;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Actors.Runners.Kinds;

namespace CoToSweep.Actors.Runners;

/// <summary>
/// A built-in kind (<paramref name="kind"/>, default <c>coto</c>) in a child process: a long-lived
/// <c>cotosweep trial-host KIND --serve …</c> (one per runner, i.e. per slot and kind; a <see cref="TrialHost"/>) runs the
/// kind's in-process runner (<see cref="BuiltinKind.InProcess"/>) for one attempt after
/// another, with the data and base model loaded once, and prints <c>cotosweep {json}</c> lines (to the attempt's
/// <c>stdout.log</c>/<c>stderr.log</c>). It dies with this process; cancellation or a timeout kills it (the next attempt
/// starts a new one), so they end only that trial; a native crash ends that host and fails that attempt, never the
/// coordinator or worker, and the next attempt gets a new host. Outcomes match the in-process runner's.
/// </summary>
/// <param name="analysisDevice">Where this slot evaluates analysis units in-process (the worker sees every GPU, so a GPU
/// slot names its own: <c>cuda:1</c>); null: as <paramref name="coto"/> says.</param>
public sealed class ProcessIsolatedTrialRunner(CotoRunnerOptions coto, CommandRunnerOptions? command = null,
    IReadOnlyList<string>? hostCommand = null, string? analysisDevice = null, BuiltinKind? kind = null) : ITrialRunner, IAnalysisRunner
{
    private readonly BuiltinKind module = kind ?? BuiltinKinds.Coto;

    /// <summary>The trial host's exit code when the trial failed (NaN loss …); stderr's last line is the reason.</summary>
    public const int TrialFailedExitCode = 3;

    /// <summary>The trial host's exit code when the attempt failed for another reason (data or device missing).</summary>
    public const int HostFailedExitCode = 4;

    public const string AssignmentFile = "assignment.json";

    // Analysis units are many short evaluations of one adapter: in-process, with the adapter kept open between units.
    private IAnalysisRunner? analysis;
    private readonly IReadOnlyList<string> host = hostCommand ?? CurrentProgram();
    private readonly CommandRunnerOptions commandOptions = command ?? new CommandRunnerOptions();
    private readonly SemaphoreSlim gate = new(1, 1);
    private TrialHost? live;

    /// <summary>The live host's process id (null before the first attempt and after a kill), for tests and benches.</summary>
    public int? HostProcessId => live is { HasExited: false } h ? h.ProcessId : null;

    public string Kind => module.Name;

    public Task<IReadOnlyList<Domain.Analyses.ProbeResult>> EvaluateAsync(Domain.Analyses.AnalysisUnitAssignment unit, CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref analysis, () => module.Analysis(analysisDevice is null ? coto : coto with { Device = analysisDevice }))
            .EvaluateAsync(unit, cancellationToken);

    public async Task<TrialOutcome> RunAsync(TrialAssignment assignment, ITrialProgress progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Bad parameters are found here, as in-process, without starting anything.
        if (module.Check(assignment.Params, assignment.Seed) is { } problem) return TrialOutcome.Failure(problem);

        Directory.CreateDirectory(assignment.ArtifactDir);
        var file = Path.Combine(assignment.ArtifactDir, AssignmentFile);
        await File.WriteAllBytesAsync(file, SweepMessageCodec.Serialize(assignment), cancellationToken).ConfigureAwait(false);

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunInHostAsync(assignment, file, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<TrialOutcome> RunInHostAsync(TrialAssignment assignment, string file, ITrialProgress progress, CancellationToken cancellationToken)
    {
        if (live is null || live.HasExited)
        {
            live?.Dispose();
            var environment = commandOptions.CudaVisibleDevices is { } gpus ? new Dictionary<string, string> { ["CUDA_VISIBLE_DEVICES"] = gpus } : null;
            live = await TrialHost.StartAsync(ServeArgv(), environment).ConfigureAwait(false);
        }
        await using var stdoutLog = OpenLog(assignment.ArtifactDir, "stdout.log");
        await using var stderrLog = OpenLog(assignment.ArtifactDir, "stderr.log");
        var metrics = new MetricAccumulator(assignment.Objective);
        long? step = null;
        var throttle = new ProgressThrottle(progress, commandOptions.ReportInterval);
        void OnLine(string line)
        {
            if (MetricLine.Parse(line) is not { Warning: null } parsed) return;
            lock (metrics)
            {
                step = parsed.Step ?? step;
                metrics.Add(parsed.Metrics);
            }
            throttle.Offer(step ?? 0, parsed.Metrics);
        }
        using var timeout = new CancellationTokenSource();
        if (assignment.TimeoutSeconds is { } seconds) timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var ticker = new Timer(_ => throttle.FlushIfDue(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        TrialHostEnd end;
        try
        {
            end = await live.RunAsync(file, stdoutLog, stderrLog, OnLine, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            live = null;
            return TrialOutcome.Failure($"timed out after {ParamValue.FormatNumber(assignment.TimeoutSeconds ?? 0)}s", Steps());
        }
        catch (OperationCanceledException)
        {
            live = null;
            throw;
        }
        catch (TrialHostDiedException e)
        {
            live = null;
            return TrialOutcome.Failure(e.Message, Steps());
        }
        throttle.Flush();
        Dictionary<string, double> Steps()
        {
            lock (metrics) return step is { } s ? new Dictionary<string, double> { ["step"] = s } : [];
        }
        Dictionary<string, double> final;
        lock (metrics)
        {
            final = new Dictionary<string, double>(metrics.Last);
            if (step is { } s) final["step"] = s;
        }
        return end.Exit switch
        {
            0 => TrialOutcome.Success(final, final.TryGetValue(assignment.Objective.Metric, out var v) ? v : null),
            TrialFailedExitCode => TrialOutcome.Failure(end.Reason ?? "failed", Steps(), trialFault: true),
            _ => TrialOutcome.Failure(end.Reason ?? $"exit code {end.Exit}", Steps(), trialFault: false),
        };
    }

    private static FileStream OpenLog(string dir, string name) =>
        new(Path.Combine(dir, name), FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1, useAsync: false);

    /// <summary>The long-lived host's argv (attempts come on its stdin).</summary>
    public IReadOnlyList<string> ServeArgv()
    {
        var args = new List<string>(host) { "trial-host", module.Name, "--serve",
            "--models", coto.ModelCacheDirectory, "--threads", coto.TorchThreadsPerSlot.ToString(CultureInfo.InvariantCulture),
            "--device", coto.Device };
        if (coto.DataDirectory is { } data) args.AddRange(["--data", data]);
        return args;
    }

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
