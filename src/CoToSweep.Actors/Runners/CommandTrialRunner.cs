using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CoToSweep.Actors.Runners.Processes;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Runners;

/// <summary>Options of <see cref="CommandTrialRunner"/>; the defaults suit a worker slot.</summary>
public sealed record CommandRunnerOptions
{
    /// <summary>
    /// The slot's GPUs as <c>CUDA_VISIBLE_DEVICES</c> ("0", "2,3"); "" hides every GPU (a CPU slot);
    /// null leaves the variable as inherited (or as the trial's <c>env</c> sets it).
    /// </summary>
    public string? CudaVisibleDevices { get; init; }

    /// <summary>At most one progress report per interval; the last values are always reported.</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long to wait for the output pipes to close once the trial's group is gone.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Receives malformed-metric-line warnings (they never fail a trial).</summary>
    public Action<TrialAssignment, string>? Warning { get; init; }
}

/// <summary>
/// Runs a <c>command</c> trial: an external program whose argv is the trial's command with <c>{param}</c>
/// placeholders filled in, parameters also in the environment (<c>COTOSWEEP_PARAMS</c> as a JSON object, and
/// <c>COTOSWEEP_TRIAL_ID</c>, <c>_SEED</c>, <c>_ATTEMPT</c>, <c>_ARTIFACTS</c>, <c>_SWEEP_ID</c>), metrics from its
/// stdout lines <c>cotosweep {json}</c>, stdout and stderr kept as <c>stdout.log</c>/<c>stderr.log</c> in the
/// attempt's artifact directory. The trial runs under a <see cref="TrialSupervisor"/>, so its processes die with
/// this runner's process; on timeout, cancellation, a NaN metric or its own exit, its whole process group is killed.
/// </summary>
public sealed class CommandTrialRunner(CommandRunnerOptions? options = null) : ITrialRunner
{
    private readonly CommandRunnerOptions _options = options ?? new CommandRunnerOptions();

    public string Kind => TrialKinds.Command.Name;

    public async Task<TrialOutcome> RunAsync(TrialAssignment assignment, ITrialProgress progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var supervisor = TrialSupervisor.ForHost();

        var workDir = WorkDirectory(assignment);
        if (!Directory.Exists(workDir)) return TrialOutcome.Failure($"working directory '{workDir}' does not exist");

        IReadOnlyList<string> argv;
        try { argv = RenderCommand(assignment); }
        catch (KeyNotFoundException e) { return TrialOutcome.Failure($"cannot render the command: {e.Message}"); }
        if (argv.Count == 0) return TrialOutcome.Failure("the trial has no command");

        var environment = BuildEnvironment(assignment);
        var program = ExecutableLocator.Resolve(argv[0], workDir, environment.GetValueOrDefault("PATH"));
        if (program is null)
            return TrialOutcome.Failure($"cannot start '{argv[0]}': {ExecutableLocator.Explain(argv[0], workDir)}");

        Directory.CreateDirectory(assignment.ArtifactDir);
        var info = supervisor.StartInfo([program, .. argv.Skip(1)]);
        info.WorkingDirectory = workDir;
        info.Environment.Clear();
        foreach (var (k, v) in environment) info.Environment[k] = v;

        await using var stdoutLog = OpenLog(assignment.ArtifactDir, "stdout.log");
        await using var stderrLog = OpenLog(assignment.ArtifactDir, "stderr.log");
        var attempt = new Attempt(assignment, new ProgressThrottle(progress, _options.ReportInterval), _options.Warning,
            stdoutLog, stderrLog);

        using var process = await ProcessSpawner.Shared.StartAsync(info).ConfigureAwait(false);
        try
        {
            return await SuperviseAsync(process, assignment, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Cancellation and anything unexpected: nothing of the trial outlives this call.
            ProcessTreeKiller.Kill(process);
            throw;
        }
    }

    private async Task<TrialOutcome> SuperviseAsync(Process process, TrialAssignment assignment, Attempt attempt,
        CancellationToken cancellationToken)
    {
        process.StandardInput.Close();
        using var pumpsCts = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            OutputPump.RunAsync(process.StandardOutput.BaseStream, attempt.StdoutLog, attempt.OnStdoutLine, pumpsCts.Token),
            OutputPump.RunAsync(process.StandardError.BaseStream, attempt.StderrLog, attempt.OnStderrLine, pumpsCts.Token));
        var ticker = TickAsync(attempt.Throttle, pumpsCts.Token);

        using var timeoutCts = new CancellationTokenSource();
        if (assignment.TimeoutSeconds is { } seconds) timeoutCts.CancelAfter(TimeSpan.FromSeconds(seconds));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token, attempt.NaNSeen);

        var killed = false;
        try
        {
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            killed = true;
            ProcessTreeKiller.Kill(process);
            using var reap = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await process.WaitForExitAsync(reap.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
        // Whatever the trial left behind in its group goes with it (and the pipes it held close).
        ProcessTreeKiller.KillGroup(process.Id);
        await Task.WhenAny(pumps, Task.Delay(_options.DrainTimeout, CancellationToken.None)).ConfigureAwait(false);
        await pumpsCts.CancelAsync().ConfigureAwait(false);
        // A pipe still held by a process outside the group (it made its own session) may never close: give up on it.
        var pumped = Task.WhenAll(pumps, ticker).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        await Task.WhenAny(pumped, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);

        if (killed && cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
        attempt.Throttle.Flush();
        return attempt.Outcome(process.HasExited ? process.ExitCode : -1, killed && timeoutCts.IsCancellationRequested);
    }

    private static async Task TickAsync(ProgressThrottle throttle, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false)) throttle.FlushIfDue();
    }

    private static FileStream OpenLog(string dir, string name) =>
        new(Path.Combine(dir, name), FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1, useAsync: false);

    /// <summary><c>trial.workdir</c> against the sweep file's directory; by default that directory itself.</summary>
    public static string WorkDirectory(TrialAssignment a)
    {
        var baseDir = a.BaseDirectory ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(a.Trial.WorkDir ?? ".", Path.GetFullPath(baseDir));
    }

    /// <summary>The argv with placeholders filled: parameters by dotted name, then the built-ins.</summary>
    public static IReadOnlyList<string> RenderCommand(TrialAssignment a) =>
        a.Trial.Command.Select(arg => CommandTemplate.Render(arg, name => Lookup(a, name))).ToList();

    private static string? Lookup(TrialAssignment a, string name) =>
        a.Params.TryGetValue(name, out var value) ? value.ToString() : name switch
        {
            "trial_id" => a.TrialId,
            "seed" => a.Seed.ToString(CultureInfo.InvariantCulture),
            "attempt" => a.Attempt.ToString(CultureInfo.InvariantCulture),
            "artifacts" => a.ArtifactDir,
            _ => null,
        };

    /// <summary>Inherited environment, then the trial's <c>env</c>, then the slot's GPUs and the COTOSWEEP_ variables.</summary>
    public Dictionary<string, string> BuildEnvironment(TrialAssignment a)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        foreach (var (k, v) in a.Trial.Env) env[k] = v;
        if (_options.CudaVisibleDevices is { } gpus) env["CUDA_VISIBLE_DEVICES"] = gpus;
        env["COTOSWEEP_PARAMS"] = ParamsJson(a.Params);
        env["COTOSWEEP_TRIAL_ID"] = a.TrialId;
        env["COTOSWEEP_SEED"] = a.Seed.ToString(CultureInfo.InvariantCulture);
        env["COTOSWEEP_ATTEMPT"] = a.Attempt.ToString(CultureInfo.InvariantCulture);
        env["COTOSWEEP_ARTIFACTS"] = a.ArtifactDir;
        env["COTOSWEEP_SWEEP_ID"] = a.SweepId;
        return env;
    }

    /// <summary>The parameters as one JSON object, typed (numbers stay numbers), keys in ordinal order.</summary>
    public static string ParamsJson(IReadOnlyDictionary<string, ParamValue> parameters)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WritePropertyName(name);
                value.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The state of one running attempt, fed by the output pumps.</summary>
    private sealed class Attempt(TrialAssignment assignment, ProgressThrottle throttle, Action<TrialAssignment, string>? warning,
        Stream stdoutLog, Stream stderrLog)
    {
        private readonly Lock _lock = new();
        private readonly MetricAccumulator _metrics = new(assignment.Objective);
        private readonly CancellationTokenSource _nan = new();
        private long? _step;
        private string? _lastStderrLine;

        public ProgressThrottle Throttle => throttle;
        public Stream StdoutLog => stdoutLog;
        public Stream StderrLog => stderrLog;
        public CancellationToken NaNSeen => _nan.Token;

        public void OnStdoutLine(string line)
        {
            var parsed = MetricLine.Parse(line);
            if (parsed is null) return;
            if (parsed.Warning is not null) { warning?.Invoke(assignment, parsed.Warning); return; }
            if (parsed.Metrics.Count == 0 && parsed.Step is null) return;
            long step;
            lock (_lock)
            {
                _step = parsed.Step ?? _step;
                step = _step ?? 0;
                _metrics.Add(parsed.Metrics);
                if (_metrics.NaNMetric is not null) _nan.Cancel();
            }
            throttle.Offer(step, parsed.Metrics);
        }

        public void OnStderrLine(string line)
        {
            if (!string.IsNullOrWhiteSpace(line)) lock (_lock) _lastStderrLine = line.Trim();
        }

        public TrialOutcome Outcome(int exitCode, bool timedOut)
        {
            lock (_lock)
            {
                var metrics = new Dictionary<string, double>(_metrics.Last);
                if (_step is { } step) metrics["step"] = step;
                if (_metrics.NaNMetric is { } nan) return TrialOutcome.Failure($"metric '{nan}' is NaN", metrics);
                if (timedOut)
                    return TrialOutcome.Failure(
                        $"timed out after {ParamValue.FormatNumber(assignment.TimeoutSeconds ?? 0)}s", metrics);
                if (exitCode == 0) return TrialOutcome.Success(metrics, _metrics.Objective);
                var reason = exitCode switch
                {
                    TrialSupervisor.RunnerGoneExitCode when _lastStderrLine?.StartsWith("cotosweep: runner", StringComparison.Ordinal) == true =>
                        "the runner was gone before the trial started",
                    > 128 and < 128 + 65 => $"killed by signal {exitCode - 128}{SignalName(exitCode - 128)}",
                    < 0 => "the trial's process could not be reaped",
                    _ => $"exit code {exitCode}",
                };
                if (_lastStderrLine is { } last && exitCode > 0 && exitCode <= 128)
                    reason += ": " + (last.Length <= 200 ? last : last[..197] + "...");
                return TrialOutcome.Failure(reason, metrics);
            }
        }

        private static string SignalName(int signal) => signal switch
        {
            1 => " (SIGHUP)", 2 => " (SIGINT)", 3 => " (SIGQUIT)", 4 => " (SIGILL)", 6 => " (SIGABRT)", 7 => " (SIGBUS)",
            8 => " (SIGFPE)", 9 => " (SIGKILL)", 11 => " (SIGSEGV)", 13 => " (SIGPIPE)", 15 => " (SIGTERM)",
            _ => "",
        };
    }
}
